//! Configuration from the environment, parsed once at start.

use crate::{client_addr::Cidr, AppError};
use rand::RngCore;
use std::{net::SocketAddr, path::PathBuf};

/// Everything the gateway reads from its environment.
#[derive(Clone, Debug)]
pub struct Config {
    /// `TONGBAN_ADDR`, default `127.0.0.1:8080`; port 0 picks a free port (tests).
    pub addr: SocketAddr,
    /// `TONGBAN_DATABASE_URL`: `sqlite://…` (default `./data/tongban.db`) or `postgres://…`.
    pub database_url: String,
    /// `TONGBAN_STATIC_DIR`, default `dist/`: the built app.
    pub static_dir: PathBuf,
    /// `TONGBAN_DATA_DIR`, default `data/`: attachments live under `attachments/` here.
    pub data_dir: PathBuf,
    /// `TONGBAN_TICKET_SECRET` (shared with the integrator's backend): only verifies tickets.
    pub ticket_secret: Secret,
    /// `TONGBAN_SESSION_KEY`: signs citizens' sessions; never leaves the gateway.
    pub session_key: Secret,
    /// `TONGBAN_WEBHOOK_SECRET` (shared with the webhook receiver): signs pushes.
    pub webhook_secret: Secret,
    /// `TONGBAN_ID_HASH_KEY` (shared with the integrator's backend): the HMAC key of the
    /// real-name ID hash (`idh` in a citizen's ticket; docs/integrators.md).
    pub id_hash_key: Secret,
    /// `TONGBAN_DATA_KEY` (base64): seals form answers and attachment files. Required in
    /// production; `--dev` keeps one in `<data dir>/dev-data-key` instead (`None` here).
    pub data_key: Option<Secret>,
    /// `TONGBAN_DATA_KEYS_OLD`: comma-separated earlier data keys, read after a rotation.
    pub data_keys_old: Vec<Secret>,
    /// `TONGBAN_CIPHER`: `aes-256-gcm` (default) or `sm4-gcm`.
    pub cipher: crate::sealing::Algorithm,
    /// `TONGBAN_RETENTION_DAYS`, default 1095: how long the answers and files of a final
    /// application are kept before they are purged (the bureau's decision).
    pub retention_days: i64,
    /// `TONGBAN_WEBHOOK_URL`: where status changes are pushed (the shell's own backend).
    pub webhook_url: Option<String>,
    /// `TONGBAN_CORS_ORIGINS`: comma-separated origins allowed to call the API from a browser
    /// (none by default: the app is served from the gateway's own origin).
    pub cors_origins: Vec<String>,
    /// `TONGBAN_SCRIPT_ORIGINS`: comma-separated `https://` origins the CSP lets serve scripts,
    /// for bridges a platform requires from its own host (e.g. a provincial app's ZWJSBridge).
    pub script_origins: Vec<String>,
    /// `TONGBAN_CONNECT_ORIGINS`: comma-separated `https://` (or `wss://`) origins the CSP lets
    /// the page send requests to, beside its own (e.g. 浙里办's zwlog reports).
    pub connect_origins: Vec<String>,
    /// `TONGBAN_BASE_PATH`: the path the app and its API are served under (`/h5`: the app at
    /// `/h5/`, the API at `/h5/api/v1`); empty (the default) for the site root.
    pub base_path: String,
    /// `TONGBAN_VERIFY_DIR`: platforms' domain-verification files (`MP_verify_….txt`), served
    /// at the site root; kept outside `dist/`, which every build replaces.
    pub verify_dir: Option<PathBuf>,
    /// `TONGBAN_TRUSTED_PROXIES`: comma-separated CIDRs of the proxies in front; only from them
    /// is `X-Forwarded-For` believed (none by default: the TCP peer is the client).
    pub trusted_proxies: Vec<Cidr>,
    /// `--dev`: development mode, as `pkg-scripts/start` runs it. Missing secrets are generated
    /// (and announced), and `POST /api/v1/session/dev-ticket` issues local identity tickets.
    pub dev: bool,
    /// The names of the secrets generated because dev mode found them missing.
    pub generated: Vec<&'static str>,
}

/// A secret from the environment; its `Debug` never shows the value.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(…)")
    }
}

/// `TONGBAN_DATABASE_URL` when unset.
pub const DEFAULT_DATABASE: &str = "sqlite://data/tongban.db";

/// Secrets shorter than this are refused: they could be guessed.
const MIN_SECRET: usize = 32;

fn random_secret() -> Secret {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    Secret(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

impl Config {
    pub fn from_env(dev: bool) -> Result<Self, AppError> {
        Self::from_lookup(dev, |k| std::env::var(k).ok())
    }

    /// Reads the configuration through `get`, so tests need not touch the process environment.
    pub fn from_lookup(dev: bool, get: impl Fn(&str) -> Option<String>) -> Result<Self, AppError> {
        let addr_text = get("TONGBAN_ADDR").unwrap_or_else(|| "127.0.0.1:8080".into());
        let addr = addr_text.parse().map_err(|_| {
            AppError::Config(format!(
                "TONGBAN_ADDR `{addr_text}` is not an address like 127.0.0.1:8080"
            ))
        })?;
        let database_url = get("TONGBAN_DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE.into());
        let static_dir = get("TONGBAN_STATIC_DIR")
            .unwrap_or_else(|| "dist".into())
            .into();
        let data_dir = get("TONGBAN_DATA_DIR")
            .unwrap_or_else(|| "data".into())
            .into();
        let mut generated = Vec::new();
        let mut missing = Vec::new();
        let mut secret = |name: &'static str| -> Result<Secret, AppError> {
            match get(name).filter(|v| !v.is_empty()) {
                Some(v) if v.len() >= MIN_SECRET => Ok(Secret(v)),
                Some(_) => Err(AppError::Config(format!(
                    "{name} must be at least {MIN_SECRET} characters"
                ))),
                None if dev => {
                    generated.push(name);
                    Ok(random_secret())
                }
                None => {
                    missing.push(name);
                    Ok(Secret(String::new()))
                }
            }
        };
        let ticket_secret = secret("TONGBAN_TICKET_SECRET")?;
        let session_key = secret("TONGBAN_SESSION_KEY")?;
        let webhook_secret = secret("TONGBAN_WEBHOOK_SECRET")?;
        let id_hash_key = secret("TONGBAN_ID_HASH_KEY")?;
        let data_key = get("TONGBAN_DATA_KEY")
            .filter(|v| !v.is_empty())
            .map(Secret);
        if data_key.is_none() && !dev {
            missing.push("TONGBAN_DATA_KEY");
        }
        if !missing.is_empty() {
            return Err(AppError::Config(format!(
                "{} required (secrets: at least {MIN_SECRET} characters, all different; \
                 TONGBAN_DATA_KEY: 32 bytes in base64); run with --dev to generate them for local use",
                missing.join(", ")
            )));
        }
        // One secret per purpose: whoever holds one can do that one job only.
        let distinct = [&ticket_secret, &session_key, &webhook_secret, &id_hash_key];
        let repeated = distinct
            .iter()
            .enumerate()
            .any(|(i, a)| distinct[i + 1..].contains(a));
        if repeated {
            return Err(AppError::Config(
                "TONGBAN_TICKET_SECRET, TONGBAN_SESSION_KEY, TONGBAN_WEBHOOK_SECRET and \
                 TONGBAN_ID_HASH_KEY must differ"
                    .into(),
            ));
        }
        let data_keys_old = get("TONGBAN_DATA_KEYS_OLD")
            .unwrap_or_default()
            .split(',')
            .map(str::trim)
            .filter(|k| !k.is_empty())
            .map(|k| Secret(k.to_owned()))
            .collect();
        let cipher_name = get("TONGBAN_CIPHER").unwrap_or_else(|| "aes-256-gcm".into());
        let cipher = crate::sealing::Algorithm::from_name(&cipher_name).ok_or_else(|| {
            AppError::Config(format!(
                "TONGBAN_CIPHER `{cipher_name}` is aes-256-gcm or sm4-gcm"
            ))
        })?;
        let retention_days = match get("TONGBAN_RETENTION_DAYS").filter(|v| !v.is_empty()) {
            None => crate::retention::DEFAULT_DAYS,
            Some(v) => v
                .parse()
                .ok()
                .filter(|d| (1..=36500).contains(d))
                .ok_or_else(|| {
                    AppError::Config(format!(
                    "TONGBAN_RETENTION_DAYS `{v}` must be a whole number of days from 1 to 36500"
                ))
                })?,
        };
        let webhook_url = get("TONGBAN_WEBHOOK_URL").filter(|v| !v.is_empty());
        if let Some(url) = &webhook_url {
            if !(url.starts_with("https://") || url.starts_with("http://")) {
                return Err(AppError::Config(format!(
                    "TONGBAN_WEBHOOK_URL `{url}` must be an http(s) URL"
                )));
            }
        }
        let list = |name: &str| -> Vec<String> {
            get(name)
                .unwrap_or_default()
                .split(',')
                .map(str::trim)
                .filter(|o| !o.is_empty())
                .map(str::to_owned)
                .collect()
        };
        let cors_origins = list("TONGBAN_CORS_ORIGINS");
        // Origins go into the CSP: nothing that could end a source list or add a directive.
        let origins = |name: &str, schemes: &[&str]| -> Result<Vec<String>, AppError> {
            let found = list(name);
            match found.iter().find(|o| {
                !schemes.iter().any(|s| o.starts_with(s))
                    || o.contains([' ', ';', ',', '\'', '"'])
                    || o.len() > 200
            }) {
                Some(bad) => Err(AppError::Config(format!(
                    "{name} entry `{bad}` must be an {} origin",
                    schemes.join(" or ")
                ))),
                None => Ok(found),
            }
        };
        let script_origins = origins("TONGBAN_SCRIPT_ORIGINS", &["https://"])?;
        let connect_origins = origins("TONGBAN_CONNECT_ORIGINS", &["https://", "wss://"])?;
        let base_path = get("TONGBAN_BASE_PATH")
            .unwrap_or_default()
            .trim()
            .trim_end_matches('/')
            .to_owned();
        let plain_segments = base_path.split('/').skip(1).all(|seg| {
            !seg.is_empty()
                && seg != "."
                && seg != ".."
                && seg
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
        });
        let valid = base_path.is_empty() || (base_path.starts_with('/') && plain_segments);
        if !valid {
            return Err(AppError::Config(format!(
                "TONGBAN_BASE_PATH `{base_path}` must be a path like /h5 (letters, digits, - _ .)"
            )));
        }
        let verify_dir = get("TONGBAN_VERIFY_DIR")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from);
        let mut trusted_proxies = Vec::new();
        for entry in list("TONGBAN_TRUSTED_PROXIES") {
            trusted_proxies.push(Cidr::parse(&entry).ok_or_else(|| {
                AppError::Config(format!(
                    "TONGBAN_TRUSTED_PROXIES entry `{entry}` is not an address block like 10.0.0.0/8"
                ))
            })?);
        }
        Ok(Self {
            addr,
            trusted_proxies,
            database_url,
            static_dir,
            data_dir,
            ticket_secret,
            session_key,
            webhook_secret,
            id_hash_key,
            data_key,
            data_keys_old,
            cipher,
            retention_days,
            webhook_url,
            cors_origins,
            script_origins,
            connect_origins,
            base_path,
            verify_dir,
            dev,
            generated,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn production_mode_refuses_to_start_without_secrets_and_names_each_missing_one() {
        let err = Config::from_lookup(false, |_| None)
            .unwrap_err()
            .to_string();
        for name in [
            "TONGBAN_TICKET_SECRET",
            "TONGBAN_SESSION_KEY",
            "TONGBAN_WEBHOOK_SECRET",
            "TONGBAN_ID_HASH_KEY",
            "TONGBAN_DATA_KEY",
        ] {
            assert!(err.contains(name), "{err}");
        }
        let err = Config::from_lookup(false, |k| {
            matches!(k, "TONGBAN_TICKET_SECRET" | "TONGBAN_SESSION_KEY")
                .then(|| format!("{k}-0123456789abcdef0123456789"))
        })
        .unwrap_err()
        .to_string();
        assert!(err.contains("TONGBAN_WEBHOOK_SECRET"), "{err}");
        assert!(!err.contains("TONGBAN_SESSION_KEY"), "{err}");
    }

    #[test]
    fn one_value_for_two_secrets_is_refused() {
        let err = Config::from_lookup(true, |k| {
            k.ends_with("_SECRET")
                .then(|| "the-same-value-0123456789abcdef01234".to_owned())
        })
        .unwrap_err();
        assert!(err.to_string().contains("must differ"), "{err}");
    }

    #[test]
    fn trusted_proxies_are_address_blocks_and_anything_else_is_refused() {
        let with = |v: &'static str| {
            Config::from_lookup(true, move |k| {
                (k == "TONGBAN_TRUSTED_PROXIES").then(|| v.into())
            })
        };
        assert_eq!(
            with("127.0.0.1/32, 10.0.0.0/8,::1")
                .unwrap()
                .trusted_proxies
                .len(),
            3
        );
        assert!(with("my-proxy").is_err());
        assert!(with("10.0.0.0/40").is_err());
        assert!(Config::from_lookup(true, |_| None)
            .unwrap()
            .trusted_proxies
            .is_empty());
    }

    #[test]
    fn dev_mode_generates_missing_secrets_and_says_which() {
        let c = Config::from_lookup(true, |_| None).unwrap();
        assert_eq!(
            c.generated,
            [
                "TONGBAN_TICKET_SECRET",
                "TONGBAN_SESSION_KEY",
                "TONGBAN_WEBHOOK_SECRET",
                "TONGBAN_ID_HASH_KEY"
            ]
        );
        assert_ne!(c.session_key, c.ticket_secret);
        assert!(!format!("{c:?}").contains(c.session_key.expose()));
    }

    #[test]
    fn script_origins_must_be_https_and_cannot_smuggle_directives() {
        for bad in ["http://x.example", "https://x.example; script-src *"] {
            let err = Config::from_lookup(true, |k| {
                (k == "TONGBAN_SCRIPT_ORIGINS").then(|| bad.to_owned())
            })
            .unwrap_err();
            assert!(err.to_string().contains("https:// origin"), "{err}");
        }
    }

    #[test]
    fn connect_origins_are_https_or_wss_and_cannot_smuggle_directives() {
        for bad in ["http://x.example", "https://x.example; connect-src *", "*"] {
            let err = Config::from_lookup(true, |k| {
                (k == "TONGBAN_CONNECT_ORIGINS").then(|| bad.to_owned())
            })
            .unwrap_err();
            assert!(err.to_string().contains("TONGBAN_CONNECT_ORIGINS"), "{err}");
        }
        let c = Config::from_lookup(true, |k| {
            (k == "TONGBAN_CONNECT_ORIGINS")
                .then(|| "https://zwlog.example.gov.cn, wss://push.example.gov.cn".to_owned())
        })
        .unwrap();
        assert_eq!(
            c.connect_origins,
            ["https://zwlog.example.gov.cn", "wss://push.example.gov.cn"]
        );
    }

    #[test]
    fn a_base_path_is_a_plain_absolute_path_without_its_trailing_slash() {
        let base = |v: &str| {
            Config::from_lookup(true, |k| (k == "TONGBAN_BASE_PATH").then(|| v.to_owned()))
                .map(|c| c.base_path)
        };
        assert_eq!(base("/h5/").unwrap(), "/h5");
        assert_eq!(base("/gov/yibao").unwrap(), "/gov/yibao");
        assert_eq!(base("").unwrap(), "");
        assert_eq!(base("/").unwrap(), "");
        for bad in ["h5", "/h5/../x", "/h5//x", "/h 5", "/h5\"><script>"] {
            assert!(base(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_short_secret_is_refused_even_in_dev_mode() {
        let err = Config::from_lookup(true, |k| {
            (k == "TONGBAN_TICKET_SECRET").then(|| "short".to_owned())
        })
        .unwrap_err();
        assert!(err.to_string().contains("at least 32"), "{err}");
    }
}
