//! What makes stateless tokens usable once or until logout: the ids of exchanged tickets and of
//! ended sessions, kept in the database (shared by every copy of the gateway) until the token
//! expires. A token's id is the SHA-256 of its signed part, so no variant of the same token
//! (the signature fixes every byte of it) gets a second id.

use crate::{
    applications::receipt::sha256_hex,
    store::{Param, Rows, Store},
    AppError,
};

/// The id of a token: a hash of everything before its last `.`, its signed part
/// (`<prefix>.<payload>`; a `v2` ticket's `v2.<header>.<claims>`), so a ticket signed again
/// (SM2 signatures are randomised) is still the same ticket.
pub fn token_id(token: &str) -> String {
    let signed = token
        .trim()
        .rsplit_once('.')
        .map_or("", |(signed, _)| signed);
    sha256_hex(&[signed.as_bytes()])
}

/// Records the ticket as exchanged; `false` when it already was (one insert, so two
/// concurrent exchanges of one ticket cannot both succeed).
pub async fn spend_ticket(
    store: &Store,
    id: &str,
    expires_at: i64,
    now: i64,
) -> Result<bool, AppError> {
    forget_expired(store, "used_tickets", now).await?;
    let inserted = sqlx::query(
        "INSERT INTO used_tickets (id, expires_at) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING",
    )
    .bind(id)
    .bind(expires_at)
    .execute(store.pool())
    .await?;
    Ok(inserted.rows_affected() == 1)
}

/// Ends a session: its id is refused from now until the token's own expiry.
pub async fn revoke_session(
    store: &Store,
    id: &str,
    expires_at: i64,
    now: i64,
) -> Result<(), AppError> {
    forget_expired(store, "revoked_sessions", now).await?;
    sqlx::query(
        "INSERT INTO revoked_sessions (id, expires_at) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING",
    )
    .bind(id)
    .bind(expires_at)
    .execute(store.pool())
    .await?;
    Ok(())
}

/// Whether session `id` was ended (`/session/end`): read on every citizen's request, so on
/// SQLite by a reader on the request's own thread (`Store::read`), as committed, so an end on any
/// copy counts on the next request.
pub async fn is_revoked(store: &Store, id: &str) -> Result<bool, AppError> {
    let rows = store
        .read(
            "SELECT expires_at FROM revoked_sessions WHERE id = $1",
            &[Param::Text(id)],
        )
        .await?;
    Ok(match rows {
        Rows::Read(rows) => !rows.is_empty(),
        Rows::Pool(rows) => !rows.is_empty(),
    })
}

/// Rows past their token's expiry prove nothing any more.
async fn forget_expired(store: &Store, table: &'static str, now: i64) -> Result<(), AppError> {
    sqlx::query(&format!("DELETE FROM {table} WHERE expires_at < $1"))
        .bind(now)
        .execute(store.pool())
        .await?;
    Ok(())
}
