//! `spawn_app()`: a real gateway on 127.0.0.1:0 with its own SQLite database.

use serde_json::{json, Value};
use std::{
    path::PathBuf,
    sync::{
        atomic::{AtomicU32, Ordering},
        Arc, Mutex,
    },
};
use tongban_gateway::{accounts::Role, config::Config, startup::Gateway, store::Store};

/// The old shared ticket secret (`v1`): set in every test gateway, read only with
/// `TONGBAN_TICKET_HMAC_UNTIL`.
pub const TICKET_SECRET: &str = "test-ticket-secret-0123456789abcdef";
pub const SESSION_KEY: &str = "test-session-key-0123456789abcdef01";
pub const WEBHOOK_SECRET: &str = "test-webhook-secret-0123456789abcdef";
/// Shared with the integrator: the HMAC key of the real-name ID hash (`idh`).
pub const ID_HASH_KEY: &str = "test-id-hash-key-0123456789abcdef01";
/// The HMAC key of the verifier hashes.
pub const VERIFIER_KEY: &str = "test-verifier-key-0123456789abcdef01";
/// 32 bytes, base64: an AES-256-GCM data key.
pub const DATA_KEY: &str = "dGVzdC1kYXRhLWtleS0wMTIzNDU2Nzg5YWJjZGVmMDE=";

pub use crate::identities::*;
pub use crate::scratch::{ScratchDatabase, ScratchDir};

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
    /// Sending (or dropping) asks the gateway to shut down gracefully.
    pub shutdown: tokio::sync::oneshot::Sender<()>,
    /// The serving task: awaited after `shutdown`, aborted to kill the copy (`cluster`).
    pub serving: tokio::task::JoinHandle<Result<(), tongban_gateway::AppError>>,
    /// Its data dir and database, removed when the last gateway over them is dropped.
    pub scratch: (Arc<ScratchDir>, Arc<ScratchDatabase>),
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

pub async fn spawn_hook(fail_first: u32) -> (String, Arc<Hook>) {
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
async fn fresh_database(data: &std::path::Path) -> ScratchDatabase {
    let Ok(admin_url) = std::env::var("TONGBAN_TEST_POSTGRES_URL") else {
        return ScratchDatabase {
            url: format!("sqlite://{}/tongban.db", data.display()),
            postgres: None,
        };
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
    let url = admin_url
        .rsplit_once('/')
        .map(|(base, _)| format!("{base}/{name}"))
        .unwrap();
    ScratchDatabase {
        url,
        postgres: Some((admin_url, name)),
    }
}

/// `TONGBAN_PUBLIC_URL` of the gateways the tests start without `--dev`.
pub const PUBLIC_URL: &str = "https://h5.tongban.example";

pub async fn spawn_app() -> TestApp {
    spawn_app_with_hook(0).await
}

/// A gateway whose webhook receiver fails the first `fail_first` attempts of every event.
pub async fn spawn_app_with_hook(fail_first: u32) -> TestApp {
    spawn_app_with(fail_first, &[]).await
}

/// A gateway with `extra` environment settings on top of the tests' own (e.g. `TONGBAN_CIPHER`).
pub async fn spawn_app_with(fail_first: u32, extra: &[(&str, &str)]) -> TestApp {
    let data = fresh_data_dir();
    let db = Arc::new(fresh_database(&data).await);
    let scratch = (Arc::new(ScratchDir(data)), db);
    spawn_app_at(fail_first, scratch, extra, "clerk", true).await
}

/// A fresh database with the migrations run (and the tests' data key), for tests of one domain
/// module at chosen times.
pub async fn fresh_store() -> Store {
    let data = fresh_data_dir();
    let key = base64::Engine::decode(&base64::engine::general_purpose::STANDARD, DATA_KEY).unwrap();
    let sealer = tongban_gateway::sealing::Sealer::new(
        tongban_gateway::sealing::Algorithm::Aes256Gcm,
        &key,
        &[],
    )
    .unwrap();
    // A bare store has no owner to drop its database: it goes with the test cluster.
    let url = fresh_database(&data).await.keep();
    Store::connect(&url)
        .await
        .expect("store")
        .with_sealer(Arc::new(sealer))
        .with_verifier(Arc::new(tongban_gateway::sealing::verifier::Verifier::new(
            VERIFIER_KEY.as_bytes(),
            &[],
        )))
}

/// Another gateway over `app`'s database and data dir (a restart), with `env`; its clerk is
/// `clerk` (a new name: the old clerk is still in the database).
pub async fn restart(app: &TestApp, env: &[(&str, &str)], clerk: &str) -> TestApp {
    spawn_app_at(0, app.scratch.clone(), env, clerk, true).await
}

/// Another copy of `app`'s gateway, as behind a load balancer: the same database and secrets,
/// its own data dir (nothing shared on disk), `env` on top; its clerk is `clerk`.
pub async fn another_copy(app: &TestApp, env: &[(&str, &str)], clerk: &str) -> TestApp {
    let dir = Arc::new(ScratchDir(fresh_data_dir()));
    spawn_app_at(0, (dir, app.scratch.1.clone()), env, clerk, true).await
}

/// Another gateway over `app`'s database and data dir, started as production starts it:
/// without `--dev` (the tests' secrets and integrator keys all set); its clerk is `clerk`.
pub async fn restart_without_dev(app: &TestApp, clerk: &str) -> TestApp {
    spawn_app_at(0, app.scratch.clone(), &[], clerk, false).await
}

async fn spawn_app_at(
    fail_first: u32,
    scratch: (Arc<ScratchDir>, Arc<ScratchDatabase>),
    env: &[(&str, &str)],
    clerk: &str,
    dev: bool,
) -> TestApp {
    let (hook_url, hook) = spawn_hook(fail_first).await;
    let (data, db) = (scratch.0 .0.clone(), scratch.1.url.clone());
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
            "TONGBAN_VERIFIER_KEY" => Some(VERIFIER_KEY.into()),
            "TONGBAN_WEBHOOK_URL" => Some(hook_url.clone()),
            "TONGBAN_PUBLIC_URL" if !dev => Some(PUBLIC_URL.into()),
            "TONGBAN_DRAIN_SECS" => Some("0".into()),
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
    let serving = tokio::spawn(gateway.serve_until(async {
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
        shutdown: tx,
        serving,
        scratch,
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
        "transfer.direction": "in", "transfer.from_region": "440106",
        "transfer.to_region": "420802", "transfer.insurance_type": "employee"}})
}

/// A 承诺制 异地就医备案 of a retiree settled elsewhere (JM 13), starting next month.
pub fn commitment_filing() -> Value {
    let start = (chrono::Utc::now().date_naive() + chrono::Months::new(1)).to_string();
    json!({"region": "420800", "item": "jm-filing-retiree", "form": {
        "applicant.name": "王小明", "applicant.id_type": "resident",
        "applicant.id_number": "11010519491231002X", "applicant.phone": "13800138000",
        "filing.type": "retiree", "filing.destination": "440100",
        "filing.start_date": start, "filing.commitment": "true"}})
}
