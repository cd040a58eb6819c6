//! The progress lookups' reads (`Store::read_all`; on SQLite through readers of their own,
//! `store::readers`) read what is committed when they start, as the pool does: a write
//! committed after a reader was opened is seen by its next read (several copies share one
//! database, and an ended session must be refused on the very next request). On SQLite a
//! reader cannot write, a failed read leaves the next one working, and more reads at once
//! than there are readers all answer.

use crate::helpers::fresh_store;
use sqlx::Row;
use tongban_gateway::store::{Engine, Store};

async fn revoked(store: &Store, id: &str) -> i64 {
    let rows = store
        .read_all(sqlx::query("SELECT COUNT(*) AS n FROM revoked_sessions WHERE id = $1").bind(id))
        .await
        .unwrap();
    rows[0].try_get("n").unwrap()
}

async fn revoke(store: &Store, id: &str) {
    sqlx::query("INSERT INTO revoked_sessions (id, expires_at) VALUES ($1, $2)")
        .bind(id)
        .bind(i64::MAX / 2)
        .execute(store.pool())
        .await
        .unwrap();
}

#[tokio::test]
async fn a_read_sees_a_write_committed_after_its_reader_was_opened() {
    let store = fresh_store().await;
    assert_eq!(revoked(&store, "s1").await, 0);
    revoke(&store, "s1").await;
    assert_eq!(revoked(&store, "s1").await, 1);
    // Every reader, not only the one that read last: many reads at once open several.
    let many = futures_util::future::join_all((0..32).map(|_| revoked(&store, "s1"))).await;
    assert_eq!(many, vec![1; 32]);
    revoke(&store, "s2").await;
    let many = futures_util::future::join_all((0..32).map(|_| revoked(&store, "s2"))).await;
    assert_eq!(many, vec![1; 32]);
}

#[tokio::test]
async fn a_failed_read_leaves_the_next_one_working() {
    let store = fresh_store().await;
    let failed = store
        .read_all(sqlx::query("SELECT no_such_column FROM revoked_sessions"))
        .await;
    assert!(failed.is_err());
    revoke(&store, "s1").await;
    assert_eq!(revoked(&store, "s1").await, 1);
}

#[tokio::test]
async fn a_reader_cannot_write_on_sqlite() {
    let store = fresh_store().await;
    if store.engine() != Engine::Sqlite {
        return; // PostgreSQL's reads go through the pool, which writes.
    }
    let write = store
        .read_all(
            sqlx::query(
                "INSERT INTO revoked_sessions (id, expires_at) VALUES ($1, 1) RETURNING id",
            )
            .bind("s1"),
        )
        .await;
    assert!(write.is_err(), "a reader wrote: {write:?}");
    assert_eq!(revoked(&store, "s1").await, 0);
}
