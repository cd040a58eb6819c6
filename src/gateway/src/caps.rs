//! Caps that hold under concurrency (five family members per agent, one open hall booking per
//! person and item): a transaction first locks its person's row in `person_locks`, then counts,
//! then writes. The upsert is a write, so on SQLite it takes the database's write lock before
//! the count reads; on PostgreSQL it takes the row's lock, and the count that follows (a new
//! statement under READ COMMITTED) sees whatever the transaction it waited for committed.

use sqlx::{Any, Transaction};

/// Locks `key` (e.g. `family:<idh>`) until the transaction ends.
pub async fn lock(
    tx: &mut Transaction<'static, Any>,
    key: &str,
    now_ms: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO person_locks (key, at) VALUES ($1, $2) \
         ON CONFLICT (key) DO UPDATE SET at = excluded.at",
    )
    .bind(key)
    .bind(now_ms)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
