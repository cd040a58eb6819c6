//! `spawn_app()`: a real gateway on 127.0.0.1:0 with its own SQLite database.

use serde_json::{json, Value};
use std::{
    path::PathBuf,
    sync::{
        atomic::{AtomicU32, Ordering},
        Arc, Mutex,
    },
};
use tongban_gateway::{
    accounts::{self, Regions, Role},
    config::Config,
    startup::Gateway,
    store::Store,
};

/// The old shared ticket secret (`v1`): set in every test gateway, read only with
/// `TONGBAN_TICKET_HMAC_UNTIL`.
pub const TICKET_SECRET: &str = "test-ticket-secret-0123456789abcdef";
pub const SESSION_KEY: &str = "test-session-key-0123456789abcdef01";
pub const WEBHOOK_SECRET: &str = "test-webhook-secret-0123456789abcdef";
/// Shared with the integrator: the HMAC key of the real-name ID hash (`idh`).
pub const ID_HASH_KEY: &str = "test-id-hash-key-0123456789abcdef01";
/// 32 bytes, base64: an AES-256-GCM data key.
pub const DATA_KEY: &str = "dGVzdC1kYXRhLWtleS0wMTIzNDU2Nzg5YWJjZGVmMDE=";

pub struct TestApp {
    pub url: String,
    pub client: reqwest::Client,
    /// A session of one citizen (`browser:citizen-1`), for calls that need one.
    pub token: String,
    /// What the webhook receiver got.
    pub hook: Arc<Hook>,
    /// The gateway's database, for tests that must reach under the API (a corrupt row).
    pub database_url: String,
    /// The token of `clerk`, a clerk of every region.
    pub clerk: String,
    /// The gateway's storage, to add operators and look behind the API.
    pub store: Store,
    /// Its data dir (attachments live under `attachments/`).
    pub data: PathBuf,
    /// Its database URL.
    pub db: String,
    /// The real-name ID number of each session this app made (`session_as`), by token.
    pub ids: Mutex<std::collections::HashMap<String, String>>,
    _shutdown: tokio::sync::oneshot::Sender<()>,
}

/// A webhook receiver on a free port: records each delivery, failing the first
/// `fail_first` attempts of every event.
#[derive(Default)]
pub struct Hook {
    pub fail_first: u32,
    pub attempts: Mutex<Vec<(String, String, Value)>>,
    /// Each attempt's `Tongban-Signature` and raw body, as a receiver checks them.
    pub raw: Mutex<Vec<(String, String)>>,
}

impl Hook {
    /// Distinct event ids delivered successfully, in order.
    pub fn delivered(&self) -> Vec<Value> {
        let attempts = self.attempts.lock().unwrap();
        let mut seen: Vec<Value> = Vec::new();
        let mut tries: std::collections::HashMap<String, u32> = Default::default();
        for (id, _, body) in attempts.iter() {
            let n = tries.entry(id.clone()).or_default();
            *n += 1;
            if *n > self.fail_first && !seen.iter().any(|b| b["event_id"] == body["event_id"]) {
                seen.push(body.clone());
            }
        }
        seen
    }
}

async fn spawn_hook(fail_first: u32) -> (String, Arc<Hook>) {
    use axum::{
        extract::State,
        http::{HeaderMap, StatusCode},
        routing::post,
        Router,
    };
    let hook = Arc::new(Hook {
        fail_first,
        ..Hook::default()
    });
    async fn receive(State(h): State<Arc<Hook>>, headers: HeaderMap, body: String) -> StatusCode {
        let id = headers
            .get("tongban-event-id")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        let sig = headers
            .get("tongban-signature")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        let value: Value = serde_json::from_str(&body).unwrap_or_default();
        h.raw.lock().unwrap().push((sig.clone(), body));
        let mut attempts = h.attempts.lock().unwrap();
        attempts.push((id.clone(), sig, value));
        let tries = attempts.iter().filter(|(i, _, _)| *i == id).count() as u32;
        if tries > h.fail_first {
            StatusCode::NO_CONTENT
        } else {
            StatusCode::SERVICE_UNAVAILABLE
        }
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    let router = Router::new()
        .route("/hook", post(receive))
        .with_state(hook.clone());
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    (url, hook)
}

/// A receiver's check of `Tongban-Signature: t=…,v1=…` over `body` with `secret`
/// (docs/integrators.md): the HMAC of "t.body" matches, and `t` is within 5 minutes of now.
pub fn push_verifies(secret: &str, signature: &str, body: &str) -> bool {
    use hmac::{Hmac, Mac};
    let mut t = None;
    let mut v1 = None;
    for part in signature.split(',') {
        match part.split_once('=') {
            Some(("t", value)) => t = value.parse::<i64>().ok(),
            Some(("v1", value)) => v1 = Some(value),
            _ => {}
        }
    }
    let (Some(t), Some(v1)) = (t, v1) else {
        return false;
    };
    if (chrono::Utc::now().timestamp() - t).abs() > 300 {
        return false;
    }
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("{t}.{body}").as_bytes());
    let expected: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    expected == v1
}

/// The real-name person of the tests' default sessions: the applicant of their forms.
pub const ME: &str = "11010519491231002X";

/// A valid resident ID number of its own for `sub` (GB 11643: area, birth date, sequence,
/// check character), the same every time.
pub fn id_for(sub: &str) -> String {
    let h = sub.bytes().fold(1469598103934665603u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(1099511628211)
    });
    let born = chrono::NaiveDate::from_ymd_opt(1950, 1, 1).unwrap()
        + chrono::Duration::days((h % 18_000) as i64);
    let body = format!("110105{}{:03}", born.format("%Y%m%d"), (h / 18_000) % 1000);
    let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = body
        .bytes()
        .zip(weights)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    let check = b"10X98765432"[(sum % 11) as usize] as char;
    format!("{body}{check}")
}

/// `idh` as docs/integrators.md tells an integrator to compute it: the ID number without white
/// space, upper-case, HMAC-SHA256 with the shared `TONGBAN_ID_HASH_KEY`, lower-case hex.
pub fn id_hash(id_number: &str) -> String {
    use hmac::{Hmac, Mac};
    let normalised: String = id_number
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(ID_HASH_KEY.as_bytes()).unwrap();
    mac.update(normalised.as_bytes());
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The test integrator (`iss`), registered in every test gateway with its Ed25519 key `kid`
/// `test-ed-1`, for every shell and for units; its earlier key `test-ed-0` is retired.
pub const TEST_ISSUER: &str = "test-integrator";
/// The seeds of the test integrators' private keys (kid → seed).
const ED25519_SEEDS: [(&str, [u8; 32]); 3] = [
    ("test-ed-1", [11; 32]),
    ("test-ed-0", [10; 32]),
    ("alipay-1", [21; 32]),
];
/// The SM2 private key of `zlb` (kid `zlb-sm2-1`, the provincial shell only).
const SM2_SECRET: [u8; 32] = [31; 32];

fn ed25519_key(kid: &str) -> ed25519_dalek::SigningKey {
    let seed = ED25519_SEEDS
        .iter()
        .find(|(k, _)| *k == kid)
        .map_or([11; 32], |(_, s)| *s);
    ed25519_dalek::SigningKey::from_bytes(&seed)
}

fn sm2_key() -> sm2::dsa::SigningKey {
    sm2::dsa::SigningKey::from_slice("1234567812345678", &SM2_SECRET).unwrap()
}

/// `TONGBAN_TICKET_ISSUERS` of every test gateway: the test integrator (key `test-ed-1`; its
/// `test-ed-0` retired), an Alipay-only integrator (`alipay-only`, key `alipay-1`) and 浙里办's
/// SM2 key (`zlb`, `zlb-sm2-1`, provincial only).
pub fn test_issuers() -> String {
    use base64::{engine::general_purpose::STANDARD as B64, Engine};
    let ed = |kid: &str| B64.encode(ed25519_key(kid).verifying_key().as_bytes());
    let sm2_point: String = sm2_key()
        .verifying_key()
        .to_sec1_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!(
        "iss={TEST_ISSUER} kid=test-ed-1 shells=wechat,alipay,provincial,browser units key={}\n\
         iss={TEST_ISSUER} kid=test-ed-0 shells=wechat,alipay,provincial,browser units retired key={}\n\
         iss=alipay-only kid=alipay-1 shells=alipay key={}\n\
         iss=zlb kid=zlb-sm2-1 alg=sm2 shells=provincial key={sm2_point}",
        ed("test-ed-1"),
        ed("test-ed-0"),
        ed("alipay-1"),
    )
}

/// Signs an identity ticket as an integrator's backend would (docs/integrators.md), with a
/// fresh `jti`: every ticket is exchanged once.
pub fn ticket(sub: &str, shell: &str, exp: i64) -> String {
    ticket_with(json!({"sub": sub, "shell": shell, "exp": exp}))
}

/// Signs a `v2` ticket with these claims (`sub`, `shell`, `exp`, and any of `idh`, `nm`, `idt`)
/// as the test integrator's backend would, adding a fresh `jti` (when absent), and `iss` (the test
/// integrator) and `aud` (`tongban`) when absent. A `kid` among them goes to the header
/// instead (default `test-ed-1`), and the ticket is signed with that key.
pub fn ticket_with(mut claims: Value) -> String {
    let kid = match claims.as_object_mut().and_then(|c| c.remove("kid")) {
        Some(Value::String(kid)) => kid,
        _ => "test-ed-1".into(),
    };
    let key = ed25519_key(&kid);
    signed_v2(&json!({"alg": "Ed25519", "kid": kid}), claims, |m| {
        use ed25519_dalek::Signer;
        key.sign(m).to_bytes().to_vec()
    })
}

/// A `v2` ticket of 浙里办's SM2 key (`zlb`, kid `zlb-sm2-1`), with the same defaults.
pub fn ticket_sm2(mut claims: Value) -> String {
    if claims.get("iss").is_none() {
        claims["iss"] = json!("zlb");
    }
    signed_v2(&json!({"alg": "SM2", "kid": "zlb-sm2-1"}), claims, |m| {
        // With a random nonce, as gmssl and BouncyCastle sign: each signing differs.
        use sm2::dsa::signature::RandomizedSigner;
        let sig: sm2::dsa::Signature = sm2_key().sign_with_rng(&mut rand::rngs::OsRng, m);
        sig.to_bytes().to_vec()
    })
}

/// `v2.<header>.<claims>.<sig>`: base64url without padding, `sig` over `v2.<header>.<claims>`.
fn signed_v2(header: &Value, mut claims: Value, sign: impl Fn(&[u8]) -> Vec<u8>) -> String {
    use base64::{engine::general_purpose::URL_SAFE_NO_PAD as B64, Engine};
    if claims.get("jti").is_none() {
        claims["jti"] = json!(format!("{:032x}", rand::random::<u128>()));
    }
    for (name, default) in [("iss", TEST_ISSUER), ("aud", "tongban")] {
        if claims.get(name).is_none() {
            claims[name] = json!(default);
        }
    }
    let signed = format!(
        "v2.{}.{}",
        B64.encode(header.to_string()),
        B64.encode(claims.to_string())
    );
    format!("{signed}.{}", B64.encode(sign(signed.as_bytes())))
}

/// An old shared-secret `v1` ticket (`TONGBAN_TICKET_SECRET`), as integrators signed them
/// before their own keys.
pub fn ticket_v1(mut claims: Value) -> String {
    use base64::{engine::general_purpose::URL_SAFE_NO_PAD as B64, Engine};
    use hmac::{Hmac, Mac};
    claims["jti"] = json!(format!("{:032x}", rand::random::<u128>()));
    let payload = B64.encode(claims.to_string());
    let signed = format!("v1.{payload}");
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(TICKET_SECRET.as_bytes()).unwrap();
    mac.update(signed.as_bytes());
    format!("{signed}.{}", B64.encode(mac.finalize().into_bytes()))
}

impl TestApp {
    pub fn at(&self, path: &str) -> String {
        format!("{}{path}", self.url)
    }

    /// A session token for the citizen `sub` (a fresh signed ticket exchanged at /session),
    /// with a real-name identity of its own: [`ME`], the applicant of the tests' forms, for
    /// `citizen-1` (the default session), and [`id_for`]`(sub)` for anyone else.
    pub async fn session(&self, sub: &str) -> String {
        let id = if sub == "citizen-1" {
            ME.to_owned()
        } else {
            id_for(sub)
        };
        self.session_as(sub, Some(&id)).await
    }

    /// The real-name ID number of a session this app made.
    pub fn id_of(&self, token: &str) -> String {
        self.ids
            .lock()
            .unwrap()
            .get(token)
            .cloned()
            .unwrap_or_default()
    }

    /// A session of `sub` as the real-name person with this ID number (`None`: a session
    /// whose ticket carried no real-name identity).
    pub async fn session_as(&self, sub: &str, id_number: Option<&str>) -> String {
        let mut claims =
            json!({"sub": sub, "shell": "wechat", "exp": chrono::Utc::now().timestamp() + 300});
        if let Some(id) = id_number {
            let id = tongban_rules::validate::identifier::id_number(id);
            let tail: String = id
                .chars()
                .rev()
                .take(4)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            claims["idh"] = json!(id_hash(&id));
            claims["idt"] = json!(tail);
            claims["nm"] = json!("王*明");
        }
        let token = self.exchange(&ticket_with(claims)).await;
        if let Some(id) = id_number {
            self.ids
                .lock()
                .unwrap()
                .insert(token.clone(), id.to_owned());
        }
        token
    }

    /// `POST /session` with `ticket`: the session token.
    pub async fn exchange(&self, ticket: &str) -> String {
        let (status, body) = self
            .send(
                reqwest::Method::POST,
                "/api/v1/session",
                None,
                Some(&json!({"ticket": ticket})),
            )
            .await;
        assert_eq!(status, 200, "{body}");
        body["token"].as_str().unwrap().to_owned()
    }

    /// One request with an optional bearer token and JSON body; the status and JSON answer.
    pub async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        bearer: Option<&str>,
        body: Option<&Value>,
    ) -> (u16, Value) {
        let mut req = self.client.request(method, self.at(path));
        if let Some(t) = bearer {
            req = req.bearer_auth(t);
        }
        if let Some(b) = body {
            req = req.json(b);
        }
        let res = req.send().await.expect("request");
        let status = res.status().as_u16();
        (status, res.json().await.unwrap_or(Value::Null))
    }

    /// A call by `clerk`, the clerk of every region: GET, or POST with a body.
    pub async fn operator(&self, path: &str, body: Option<&Value>) -> (u16, Value) {
        self.operator_as(&self.clerk, path, body).await
    }

    /// A call with operator token `token`: GET, or POST with a body.
    pub async fn operator_as(&self, token: &str, path: &str, body: Option<&Value>) -> (u16, Value) {
        let method = if body.is_some() {
            reqwest::Method::POST
        } else {
            reqwest::Method::GET
        };
        self.send(method, path, Some(token), body).await
    }

    /// Adds operator `name` (as `tongban-gateway operator add` does) and answers its token.
    pub async fn add_operator(
        &self,
        name: &str,
        role: Role,
        regions: &str,
        expires_at: Option<chrono::DateTime<chrono::Utc>>,
    ) -> String {
        accounts::add(
            &self.store,
            name,
            role,
            &Regions::parse(regions),
            expires_at,
            chrono::Utc::now(),
        )
        .await
        .expect("operator added")
    }

    /// Uploads `bytes` as the default citizen for `material` (`POST /attachments`).
    pub async fn upload(
        &self,
        material: &str,
        content_type: &str,
        bytes: Vec<u8>,
    ) -> reqwest::Response {
        self.client
            .post(self.at("/api/v1/attachments"))
            .query(&[("material", material)])
            .bearer_auth(&self.token)
            .header("content-type", content_type)
            .body(bytes)
            .send()
            .await
            .expect("request")
    }

    /// Submits `body` as the default citizen under `key`.
    pub async fn submit(&self, key: &str, body: &Value) -> (u16, Value) {
        self.submit_as(&self.token, key, body).await
    }

    /// Submits `body` with the session `token` under `key`.
    pub async fn submit_as(&self, token: &str, key: &str, body: &Value) -> (u16, Value) {
        let res = self
            .client
            .post(self.at("/api/v1/applications"))
            .bearer_auth(token)
            .header("Idempotency-Key", key)
            .json(body)
            .send()
            .await
            .expect("request");
        let status = res.status().as_u16();
        (status, res.json().await.unwrap_or(Value::Null))
    }

    pub async fn get_json(&self, path: &str) -> (u16, serde_json::Value) {
        let res = self
            .client
            .get(self.at(path))
            .send()
            .await
            .expect("request");
        let status = res.status().as_u16();
        (status, res.json().await.unwrap_or(serde_json::Value::Null))
    }
}

pub fn fresh_data_dir() -> PathBuf {
    static N: AtomicU32 = AtomicU32::new(0);
    let dir = std::env::temp_dir().join(format!(
        "tongban-test-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// SQLite in a fresh folder by default; with `TONGBAN_TEST_POSTGRES_URL` (set by
/// `pkg-scripts/test`, which starts a throwaway cluster) a fresh PostgreSQL database per test.
async fn fresh_database(data: &std::path::Path) -> String {
    let Ok(admin_url) = std::env::var("TONGBAN_TEST_POSTGRES_URL") else {
        return format!("sqlite://{}/tongban.db", data.display());
    };
    use sqlx::Connection;
    let name = data
        .file_name()
        .unwrap()
        .to_string_lossy()
        .replace('-', "_");
    let mut admin = sqlx::PgConnection::connect(&admin_url)
        .await
        .expect("connect to the test cluster");
    sqlx::raw_sql(&format!("CREATE DATABASE {name}"))
        .execute(&mut admin)
        .await
        .expect("create database");
    admin_url
        .rsplit_once('/')
        .map(|(base, _)| format!("{base}/{name}"))
        .unwrap()
}

/// `TONGBAN_PUBLIC_URL` of the gateways the tests start without `--dev`.
pub const PUBLIC_URL: &str = "https://h5.tongban.example";

pub async fn spawn_app() -> TestApp {
    spawn_app_with_hook(0).await
}

/// A gateway whose webhook receiver fails the first `fail_first` attempts of every event.
pub async fn spawn_app_with_hook(fail_first: u32) -> TestApp {
    let data = fresh_data_dir();
    let db = fresh_database(&data).await;
    spawn_app_at(fail_first, data, db, &[], "clerk", true).await
}

/// A gateway with `extra` environment settings on top of the tests' own (e.g. `TONGBAN_CIPHER`).
pub async fn spawn_app_with(fail_first: u32, extra: &[(&str, &str)]) -> TestApp {
    let data = fresh_data_dir();
    let db = fresh_database(&data).await;
    spawn_app_at(fail_first, data, db, extra, "clerk", true).await
}

/// A fresh database with the migrations run (and the tests' data key), for tests of one domain
/// module at chosen times.
pub async fn fresh_store() -> Store {
    let data = fresh_data_dir();
    let db = fresh_database(&data).await;
    let key = base64::Engine::decode(&base64::engine::general_purpose::STANDARD, DATA_KEY).unwrap();
    let sealer = tongban_gateway::sealing::Sealer::new(
        tongban_gateway::sealing::Algorithm::Aes256Gcm,
        &key,
        &[],
    )
    .unwrap();
    Store::connect(&db)
        .await
        .expect("store")
        .with_sealer(Arc::new(sealer))
}

/// Another gateway over `app`'s database and data dir (a restart), with `env`; its clerk is
/// `clerk` (a new name: the old clerk is still in the database).
pub async fn restart(app: &TestApp, env: &[(&str, &str)], clerk: &str) -> TestApp {
    spawn_app_at(0, app.data.clone(), app.db.clone(), env, clerk, true).await
}

/// Another gateway over `app`'s database and data dir, started as production starts it:
/// without `--dev` (the tests' secrets and integrator keys all set); its clerk is `clerk`.
pub async fn restart_without_dev(app: &TestApp, clerk: &str) -> TestApp {
    spawn_app_at(0, app.data.clone(), app.db.clone(), &[], clerk, false).await
}

async fn spawn_app_at(
    fail_first: u32,
    data: PathBuf,
    db: String,
    env: &[(&str, &str)],
    clerk: &str,
    dev: bool,
) -> TestApp {
    let (hook_url, hook) = spawn_hook(fail_first).await;
    let config = Config::from_lookup(dev, |k| {
        if let Some((_, v)) = env.iter().find(|(name, _)| *name == k) {
            return Some((*v).to_owned());
        }
        match k {
            "TONGBAN_ADDR" => Some("127.0.0.1:0".into()),
            "TONGBAN_DATABASE_URL" => Some(db.clone()),
            "TONGBAN_STATIC_DIR" => Some(data.join("dist").display().to_string()),
            "TONGBAN_DATA_DIR" => Some(data.display().to_string()),
            "TONGBAN_TICKET_SECRET" => Some(TICKET_SECRET.into()),
            "TONGBAN_TICKET_ISSUERS" => Some(test_issuers()),
            "TONGBAN_SESSION_KEY" => Some(SESSION_KEY.into()),
            "TONGBAN_WEBHOOK_SECRET" => Some(WEBHOOK_SECRET.into()),
            "TONGBAN_ID_HASH_KEY" => Some(ID_HASH_KEY.into()),
            "TONGBAN_DATA_KEY" => Some(DATA_KEY.into()),
            "TONGBAN_WEBHOOK_URL" => Some(hook_url.clone()),
            "TONGBAN_PUBLIC_URL" if !dev => Some(PUBLIC_URL.into()),
            _ => None,
        }
    })
    .expect("config");
    let gateway = Gateway::start(config).await.expect("gateway starts");
    let store = gateway.store().clone();
    // Under TONGBAN_BASE_PATH the API is at `<base>/api/v1`: `app.at("/api/v1/…")` follows it.
    let base = env
        .iter()
        .find(|(k, _)| *k == "TONGBAN_BASE_PATH")
        .map_or("", |(_, v)| v.trim_end_matches('/'));
    let url = format!("http://{}{base}", gateway.addr());
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(gateway.serve_until(async {
        let _ = rx.await;
    }));
    let mut app = TestApp {
        url,
        client: reqwest::Client::new(),
        token: String::new(),
        hook,
        database_url: db.clone(),
        clerk: String::new(),
        store,
        data,
        db,
        ids: Mutex::default(),
        _shutdown: tx,
    };
    app.token = app.session("citizen-1").await;
    app.clerk = app.add_operator(clerk, Role::Clerk, "*", None).await;
    app
}

/// A complete Jingmen transfer (JM 1–4) by the applicant with this ID number.
pub fn transfer(id_number: &str) -> Value {
    json!({"region": "420800", "item": "jm-transfer", "form": {
        "applicant.name": "王小明", "applicant.id_type": "resident",
        "applicant.id_number": id_number, "applicant.phone": "13800138000",
        "transfer.direction": "in", "transfer.from_region": "广东省广州市",
        "transfer.to_region": "湖北省荆门市", "transfer.insurance_type": "employee"}})
}

/// A 承诺制 异地就医备案 of a retiree settled elsewhere (JM 13), starting next month.
pub fn commitment_filing() -> Value {
    let start = (chrono::Utc::now().date_naive() + chrono::Months::new(1)).to_string();
    json!({"region": "420800", "item": "jm-filing-retiree", "form": {
        "applicant.name": "王小明", "applicant.id_type": "resident",
        "applicant.id_number": "11010519491231002X", "applicant.phone": "13800138000",
        "filing.type": "retiree", "filing.destination": "广东省广州市",
        "filing.start_date": start, "filing.commitment": "true"}})
}
