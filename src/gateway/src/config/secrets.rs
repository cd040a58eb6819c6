//! The secrets and keys: one per purpose, long enough not to be guessed, generated (and
//! announced) only in dev mode; the data keys and the cipher that seals with them.

use crate::AppError;
use rand::RngCore;

/// Where `--dev` keeps the session key it made, under the data dir, so a restart keeps the
/// sessions it gave out (`dev-data-key` keeps the data the same way).
pub const DEV_SESSION_KEY_FILE: &str = "dev-session-key";

/// In `--dev` with a generated session key: the one kept in `<data dir>/dev-session-key`
/// instead (made on first start, readable by this user only).
pub fn keep_dev_session_key(config: &mut super::Config) -> Result<(), AppError> {
    if !config.dev || !config.generated.contains(&"TONGBAN_SESSION_KEY") {
        return Ok(());
    }
    let path = config.data_dir.join(DEV_SESSION_KEY_FILE);
    let key = match std::fs::read_to_string(&path) {
        Ok(text) if text.trim().len() >= MIN_SECRET => Secret(text.trim().to_owned()),
        _ => {
            let key = random_secret();
            std::fs::create_dir_all(&config.data_dir)?;
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create(true).truncate(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            std::io::Write::write_all(&mut options.open(&path)?, key.expose().as_bytes())?;
            key
        }
    };
    config.session_key = key;
    config.generated.retain(|n| *n != "TONGBAN_SESSION_KEY");
    tracing::warn!(file = %path.display(), "dev mode: the session key is kept in this file");
    Ok(())
}

/// A secret from the environment; its `Debug` never shows the value.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub(super) fn new(value: String) -> Self {
        Self(value)
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(…)")
    }
}

/// Secrets shorter than this are refused: they could be guessed.
const MIN_SECRET: usize = 32;

fn random_secret() -> Secret {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    Secret(crate::hex::lower(&bytes))
}

/// The secrets and keys read from the environment (see the fields of `Config`).
pub(super) struct Secrets {
    pub ticket_secret: Option<Secret>,
    pub session_key: Secret,
    pub webhook_secret: Secret,
    pub id_hash_key: Secret,
    pub data_key: Option<Secret>,
    pub data_keys_old: Vec<Secret>,
    pub verifier_key: Option<Secret>,
    pub verifier_keys_old: Vec<Secret>,
    pub cipher: crate::sealing::Algorithm,
    pub generated: Vec<&'static str>,
}

/// Reads the secrets through `get`: every missing one named at once, short or repeated ones
/// refused; in `dev` mode missing ones are generated.
pub(super) fn read(dev: bool, get: &impl Fn(&str) -> Option<String>) -> Result<Secrets, AppError> {
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
    // The old shared ticket secret: optional, never generated, read only during a declared
    // transition (`config::tickets`).
    let ticket_secret = match get("TONGBAN_TICKET_SECRET").filter(|v| !v.is_empty()) {
        Some(v) if v.len() >= MIN_SECRET => Some(Secret(v)),
        Some(_) => {
            return Err(AppError::Config(format!(
                "TONGBAN_TICKET_SECRET must be at least {MIN_SECRET} characters"
            )))
        }
        None => None,
    };
    let session_key = secret("TONGBAN_SESSION_KEY")?;
    let webhook_secret = secret("TONGBAN_WEBHOOK_SECRET")?;
    let id_hash_key = secret("TONGBAN_ID_HASH_KEY")?;
    let data_key = get("TONGBAN_DATA_KEY")
        .filter(|v| !v.is_empty())
        .map(Secret);
    if data_key.is_none() && !dev {
        missing.push("TONGBAN_DATA_KEY");
    }
    // The verifier hashes' own key; `--dev` derives one from its kept data key instead, so
    // its lookups survive a restart (`sealing::keys`).
    let verifier_key = match get("TONGBAN_VERIFIER_KEY").filter(|v| !v.is_empty()) {
        Some(v) if v.len() >= MIN_SECRET => Some(Secret(v)),
        Some(_) => {
            return Err(AppError::Config(format!(
                "TONGBAN_VERIFIER_KEY must be at least {MIN_SECRET} characters"
            )))
        }
        None if dev => None,
        None => {
            missing.push("TONGBAN_VERIFIER_KEY");
            None
        }
    };
    // Without a registered integrator key no ticket could ever be believed (but during the
    // declared `v1` transition).
    let has = |name| get(name).is_some_and(|v| !v.trim().is_empty());
    if !dev && !has("TONGBAN_TICKET_ISSUERS") && !has("TONGBAN_TICKET_HMAC_UNTIL") {
        missing.insert(0, "TONGBAN_TICKET_ISSUERS");
    }
    if !missing.is_empty() {
        return Err(AppError::Config(format!(
            "{} required (secrets: at least {MIN_SECRET} characters, all different; \
             TONGBAN_DATA_KEY: 32 bytes in base64; TONGBAN_TICKET_ISSUERS: the integrators' \
             public keys, docs/integrators.md); run with --dev to generate them for local use",
            missing.join(", ")
        )));
    }
    // One secret per purpose: whoever holds one can do that one job only.
    let mut distinct = vec![&session_key, &webhook_secret, &id_hash_key];
    distinct.extend(ticket_secret.as_ref());
    distinct.extend(verifier_key.as_ref());
    let repeated = distinct
        .iter()
        .enumerate()
        .any(|(i, a)| distinct[i + 1..].contains(a));
    if repeated {
        return Err(AppError::Config(
            "TONGBAN_TICKET_SECRET, TONGBAN_SESSION_KEY, TONGBAN_WEBHOOK_SECRET, \
             TONGBAN_ID_HASH_KEY and TONGBAN_VERIFIER_KEY must differ"
                .into(),
        ));
    }
    let list = |name: &str| -> Vec<Secret> {
        get(name)
            .unwrap_or_default()
            .split(',')
            .map(str::trim)
            .filter(|k| !k.is_empty())
            .map(|k| Secret(k.to_owned()))
            .collect()
    };
    let data_keys_old = list("TONGBAN_DATA_KEYS_OLD");
    let verifier_keys_old = list("TONGBAN_VERIFIER_KEYS_OLD");
    let cipher_name = get("TONGBAN_CIPHER").unwrap_or_else(|| "aes-256-gcm".into());
    let cipher = crate::sealing::Algorithm::from_name(&cipher_name).ok_or_else(|| {
        AppError::Config(format!(
            "TONGBAN_CIPHER `{cipher_name}` is aes-256-gcm or sm4-gcm"
        ))
    })?;
    Ok(Secrets {
        ticket_secret,
        session_key,
        webhook_secret,
        id_hash_key,
        data_key,
        data_keys_old,
        verifier_key,
        verifier_keys_old,
        cipher,
        generated,
    })
}
