//! The national division list for a region field, fetched when a form that has one opens: never
//! in either wasm module. `pkg-scripts/build` ships `assets/divisions/divisions.txt` as
//! `divisions-<hash>.txt` (cached for a year, like every hashed file) and names it in
//! `index.html`'s `<meta name="tongban-divisions">`; once fetched it is parsed and installed in
//! the rules crate (`tongban_rules::division::install`), where the form's validation and the
//! picker read it.

use crate::api::ApiError;
use gloo::net::http::Request;
use tongban_rules::division::{self, Divisions};

/// The list's file as the page names it (`divisions.txt` when no bundle renamed it).
fn url() -> String {
    crate::shell::provincial::meta("tongban-divisions")
        .filter(|u| !u.is_empty() && !u.starts_with("{{"))
        .unwrap_or_else(|| "divisions.txt".into())
}

/// Fetches and installs the list, unless it is there already.
pub async fn load() -> Result<(), ApiError> {
    if division::table().is_some() {
        return Ok(());
    }
    let res = Request::get(&url())
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    if !res.ok() {
        return Err(ApiError::Status(
            res.status(),
            "divisions_unavailable".into(),
        ));
    }
    let text = res.text().await.map_err(|_| ApiError::Network)?;
    let list = Divisions::parse(&text).map_err(|_| ApiError::Decode)?;
    division::install(list);
    Ok(())
}
