//! The progress lookups' reads (`Store::read`; on SQLite by readers of their own on the
//! request's thread, `store::readers`) read what is committed when they start, as the pool
//! does: a write committed after a reader was opened is seen by its next read (several copies
//! share one database, and an ended session must be refused on the very next request). `$n`
//! are bound by number wherever they stand; a failed read leaves the next one working; on
//! SQLite a reader cannot write.

use crate::helpers::fresh_store;
use tongban_gateway::store::{Columns, Engine, FromColumn, Param, Rows, Store};

fn column<T: FromColumn>(rows: &Rows, name: &str) -> Vec<T> {
    match rows {
        Rows::Read(rows) => rows.iter().map(|r| r.get(name).unwrap()).collect(),
        Rows::Pool(rows) => rows.iter().map(|r| r.get(name).unwrap()).collect(),
    }
}

async fn revoked(store: &Store, id: &str) -> i64 {
    let sql = "SELECT COUNT(*) AS n FROM revoked_sessions WHERE id = $1";
    let rows = store.read(sql, &[Param::Text(id)]).await.unwrap();
    column::<i64>(&rows, "n")[0]
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
    // Every reader, not only the one that read last: reads from many tasks at once.
    let many = |id: &'static str| {
        let store = store.clone();
        async move {
            let tasks: Vec<_> = (0..32)
                .map(|_| {
                    let store = store.clone();
                    tokio::spawn(async move { revoked(&store, id).await })
                })
                .collect();
            let mut seen = Vec::new();
            for t in tasks {
                seen.push(t.await.unwrap());
            }
            seen
        }
    };
    assert_eq!(many("s1").await, vec![1; 32]);
    revoke(&store, "s2").await;
    assert_eq!(many("s2").await, vec![1; 32]);
}

#[tokio::test]
async fn placeholders_are_bound_by_their_number_wherever_they_stand() {
    let store = fresh_store().await;
    let sql = "SELECT CAST($2 AS BIGINT) AS b, CAST($1 AS TEXT) AS a, CAST($2 AS BIGINT) AS c";
    let rows = store
        .read(sql, &[Param::Text("one"), Param::Int(2)])
        .await
        .unwrap();
    assert_eq!(column::<i64>(&rows, "b"), [2]);
    assert_eq!(column::<String>(&rows, "a"), ["one"]);
    assert_eq!(column::<i64>(&rows, "c"), [2]);
    assert_eq!(
        column::<Option<String>>(&rows, "a"),
        [Some("one".to_owned())]
    );
}

#[tokio::test]
async fn a_failed_read_leaves_the_next_one_working() {
    let store = fresh_store().await;
    let failed = store
        .read("SELECT no_such_column FROM revoked_sessions", &[])
        .await;
    assert!(failed.is_err());
    revoke(&store, "s1").await;
    assert_eq!(revoked(&store, "s1").await, 1);
}

#[tokio::test]
async fn a_reader_cannot_write_on_sqlite() {
    let store = fresh_store().await;
    if store.engine() != Engine::Sqlite {
        return; // PostgreSQL's reads go through the pool, as every other statement.
    }
    let sql = "INSERT INTO revoked_sessions (id, expires_at) VALUES ($1, 1) RETURNING id";
    let write = store.read(sql, &[Param::Text("s1")]).await;
    assert!(write.is_err(), "a reader wrote");
    assert_eq!(revoked(&store, "s1").await, 0);
}
