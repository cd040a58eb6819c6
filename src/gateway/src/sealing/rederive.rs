//! Re-deriving verifier hashes under the current `TONGBAN_VERIFIER_KEY` from the sealed
//! answers: at start for the unkeyed hashes of before (`migrate`), and by `rekey` after a
//! rotation of the verifier key.

use super::{verifier::Verifier, Sealer};
use crate::{store::Store, AppError};
use sqlx::Row;

/// Re-derives, under the current key, the verifier hashes of the applications after `after`
/// (at most `limit`) that are not under it, from their sealed answers. With `legacy_only`, only
/// the unkeyed ones. Answers the last receipt number seen, how many rows were read and how many
/// were re-derived. A row whose answers cannot be opened is left as it is (and named in the log).
pub async fn rederive(
    store: &Store,
    sealer: &Sealer,
    verifier: &Verifier,
    after: &str,
    limit: i64,
    legacy_only: bool,
) -> Result<(String, u64, u64), AppError> {
    let only = if legacy_only {
        "AND verifier_hash NOT LIKE 'hv1:%'"
    } else {
        ""
    };
    let rows = sqlx::query(&format!(
        "SELECT receipt_no, verifier_hash, form_json FROM applications \
         WHERE receipt_no > $1 AND verifier_hash <> '' {only} ORDER BY receipt_no LIMIT {limit}"
    ))
    .bind(after)
    .fetch_all(store.pool())
    .await?;
    let mut last = after.to_owned();
    let mut done = 0;
    for row in &rows {
        let receipt_no: String = row.try_get("receipt_no")?;
        let stored: String = row.try_get("verifier_hash")?;
        let form: String = row.try_get("form_json")?;
        last.clone_from(&receipt_no);
        if verifier.is_current(&stored) {
            continue;
        }
        let opened = sealer.open_text(&receipt_no, &form).ok().and_then(|f| {
            serde_json::from_str::<std::collections::BTreeMap<String, String>>(&f).ok()
        });
        let Some(answers) = opened else {
            tracing::warn!(receipt_no = %receipt_no, "verifier hash not re-derived: answers unreadable");
            continue;
        };
        let id_number = answers
            .get("applicant.id_number")
            .map_or("", String::as_str);
        done += sqlx::query(
            "UPDATE applications SET verifier_hash = $1 WHERE receipt_no = $2 AND verifier_hash = $3",
        )
        .bind(verifier.hash(&receipt_no, id_number))
        .bind(&receipt_no)
        .bind(&stored)
        .execute(store.pool())
        .await?
        .rows_affected();
    }
    Ok((last, rows.len() as u64, done))
}

/// At start: every unkeyed verifier hash re-derived under the key (once; then nothing is left).
pub async fn migrate(store: &Store, sealer: &Sealer, verifier: &Verifier) -> Result<u64, AppError> {
    let (mut after, mut total) = (String::new(), 0);
    loop {
        let (last, read, done) = rederive(store, sealer, verifier, &after, 200, true).await?;
        total += done;
        if read < 200 {
            return Ok(total);
        }
        after = last;
    }
}
