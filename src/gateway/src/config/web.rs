//! Where the gateway meets the web: the public URL, the webhook URL, the origins the browser may
//! use (CORS and the CSP), the base path, the domain-verification files and the trusted proxies.

use crate::{client_addr::Cidr, AppError};
use std::path::PathBuf;

/// The web settings read from the environment (see the fields of `Config`).
pub(super) struct Web {
    pub public_url: Option<String>,
    pub webhook_url: Option<String>,
    pub script_origins: Vec<String>,
    pub connect_origins: Vec<String>,
    pub base_path: String,
    pub verify_dir: Option<PathBuf>,
    pub trusted_proxies: Vec<Cidr>,
}

/// Reads the web settings through `get`, refusing what could not be meant.
pub(super) fn read(dev: bool, get: &impl Fn(&str) -> Option<String>) -> Result<Web, AppError> {
    let public_url = public_url(dev, get)?;
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
    // One list of the deployment's other origins: the CSP lets pages connect to them and the
    // API answers them by CORS. A second, separate list would let the two drift apart.
    if get("TONGBAN_CORS_ORIGINS").is_some_and(|v| !v.trim().is_empty()) {
        return Err(AppError::Config(
            "TONGBAN_CORS_ORIGINS is gone: list the origins in TONGBAN_CONNECT_ORIGINS, which \
             both the CSP's connect-src and the API's CORS answers follow"
                .into(),
        ));
    }
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
    // `--dev` also takes http:// origins (a second local gateway, the cross-origin journey).
    let connect_schemes: &[&str] = if dev {
        &["https://", "wss://", "http://"]
    } else {
        &["https://", "wss://"]
    };
    let connect_origins = origins("TONGBAN_CONNECT_ORIGINS", connect_schemes)?;
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
    Ok(Web {
        public_url,
        webhook_url,
        script_origins,
        connect_origins,
        base_path,
        verify_dir,
        trusted_proxies,
    })
}

/// `TONGBAN_PUBLIC_URL`: the origin citizens reach the app at (`https://h5.example.gov.cn`, no
/// path: `TONGBAN_BASE_PATH` follows it), from which the gateway writes every link and QR code —
/// never from a request's `Host` or `X-Forwarded-*` headers, which whoever sends the request
/// chooses. Required outside `--dev`, and `https://` there; `--dev` without it links to its
/// listen address (`None` here; `startup` knows the bound port).
fn public_url(
    dev: bool,
    get: &impl Fn(&str) -> Option<String>,
) -> Result<Option<String>, AppError> {
    let Some(url) = get("TONGBAN_PUBLIC_URL").filter(|v| !v.trim().is_empty()) else {
        return if dev {
            Ok(None)
        } else {
            Err(AppError::Config(
                "TONGBAN_PUBLIC_URL is required outside --dev: the https:// origin citizens \
                 reach the app at (e.g. https://h5.example.gov.cn), for links and QR codes"
                    .into(),
            ))
        };
    };
    let url = url.trim().trim_end_matches('/').to_owned();
    let schemes: &[&str] = if dev {
        &["https://", "http://"]
    } else {
        &["https://"]
    };
    let host = schemes.iter().find_map(|s| url.strip_prefix(s));
    let plain_host = host.is_some_and(|h| {
        !h.is_empty()
            && h.len() <= 200
            && h.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b))
    });
    if !plain_host {
        return Err(AppError::Config(format!(
            "TONGBAN_PUBLIC_URL `{url}` must be an origin like https://h5.example.gov.cn (no \
             path, query or user; https:// outside --dev)"
        )));
    }
    Ok(Some(url))
}
