//! The data keys from the configuration: `TONGBAN_DATA_KEY` (base64; 32 bytes for AES-256-GCM,
//! 16 for SM4-GCM), `TONGBAN_DATA_KEYS_OLD` (comma-separated, readable after a rotation), and in
//! `--dev` a key kept in `<data dir>/dev-data-key`, so a dev database survives a restart.

use super::{verifier::Verifier, Algorithm, Sealer};
use crate::{config::Config, AppError};
use base64::{engine::general_purpose::STANDARD as B64, Engine};
use rand::RngCore;
use std::path::Path;

pub const DEV_KEY_FILE: &str = "dev-data-key";

fn decode(name: &str, text: &str) -> Result<Vec<u8>, AppError> {
    B64.decode(text.trim())
        .map_err(|_| AppError::Config(format!("{name} is not base64")))
}

/// The dev key under `data_dir`, made on first start (readable by this user only).
fn dev_key(data_dir: &Path, algorithm: Algorithm) -> Result<Vec<u8>, AppError> {
    let path = data_dir.join(DEV_KEY_FILE);
    if let Ok(text) = std::fs::read_to_string(&path) {
        return decode(&path.display().to_string(), &text);
    }
    let mut key = vec![0u8; algorithm.key_len()];
    rand::rngs::OsRng.fill_bytes(&mut key);
    std::fs::create_dir_all(data_dir)?;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    std::io::Write::write_all(&mut options.open(&path)?, B64.encode(&key).as_bytes())?;
    tracing::warn!(file = %path.display(), "dev mode: made a data key for this data dir");
    Ok(key)
}

/// The sealer the configuration describes.
pub fn load(config: &Config) -> Result<Sealer, AppError> {
    let algorithm = config.cipher;
    let current = match &config.data_key {
        Some(k) => decode("TONGBAN_DATA_KEY", k.expose())?,
        None => dev_key(&config.data_dir, algorithm)?,
    };
    let old = config
        .data_keys_old
        .iter()
        .map(|k| decode("TONGBAN_DATA_KEYS_OLD", k.expose()))
        .collect::<Result<Vec<_>, _>>()?;
    if current.len() != algorithm.key_len() {
        return Err(AppError::Config(format!(
            "TONGBAN_DATA_KEY must be {} bytes (base64) for {}",
            algorithm.key_len(),
            algorithm.name()
        )));
    }
    Sealer::new(algorithm, &current, &old).ok_or_else(|| {
        AppError::Config(
            "each of TONGBAN_DATA_KEYS_OLD must be 32 bytes (AES-256-GCM) or 16 (SM4-GCM), base64"
                .into(),
        )
    })
}

/// The verifier keys the configuration describes. `--dev` without `TONGBAN_VERIFIER_KEY`
/// derives one from its data key (kept under the data dir), so its lookups survive a restart.
pub fn load_verifier(config: &Config) -> Result<Verifier, AppError> {
    let current = match (&config.verifier_key, &config.data_key) {
        (Some(k), _) => k.expose().as_bytes().to_vec(),
        (None, Some(data)) if config.dev => derived(&decode("TONGBAN_DATA_KEY", data.expose())?),
        (None, None) if config.dev => derived(&dev_key(&config.data_dir, config.cipher)?),
        (None, _) => return Err(AppError::Config("TONGBAN_VERIFIER_KEY required".into())),
    };
    let old: Vec<Vec<u8>> = config
        .verifier_keys_old
        .iter()
        .map(|k| k.expose().as_bytes().to_vec())
        .collect();
    Ok(Verifier::new(&current, &old))
}

fn derived(data_key: &[u8]) -> Vec<u8> {
    use sha2::Digest;
    sha2::Sha256::new()
        .chain_update(b"tongban dev verifier key")
        .chain_update(data_key)
        .finalize()
        .to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dev_mode_keeps_its_key_under_the_data_dir_across_restarts() {
        let dir = std::env::temp_dir().join(format!("tongban-devkey-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let config = Config::from_lookup(true, |k| {
            (k == "TONGBAN_DATA_DIR").then(|| dir.display().to_string())
        })
        .unwrap();
        let first = load(&config).unwrap();
        assert!(dir.join(DEV_KEY_FILE).exists());
        assert_eq!(load(&config).unwrap().key_id(), first.key_id());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_data_key_of_the_wrong_length_for_the_cipher_is_refused() {
        let config = Config::from_lookup(true, |k| match k {
            "TONGBAN_CIPHER" => Some("sm4-gcm".into()),
            "TONGBAN_DATA_KEY" => Some(B64.encode([0u8; 32])),
            _ => None,
        })
        .unwrap();
        let err = load(&config).unwrap_err().to_string();
        assert!(err.contains("16 bytes"), "{err}");
    }
}
