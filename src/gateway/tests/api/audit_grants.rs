//! On PostgreSQL the documented grants (docs/operations.md, "Audit log") add to the triggers:
//! the gateway's role may INSERT and SELECT audit rows and does not own the table, so it can
//! neither change nor remove rows, nor switch the triggers off, nor drop the table — and the
//! gateway still starts and records under that role. SQLite has no roles: there the triggers
//! and the file's permissions are all there is (`audit_refusals`).

use crate::helpers::spawn_app;
use tongban_gateway::{audit, store::Store};

#[tokio::test]
async fn under_the_documented_grants_the_gateways_role_only_appends_audit_rows() {
    let app = spawn_app().await;
    if !app.db.starts_with("postgres") {
        return; // PostgreSQL only: SQLite has no roles.
    }
    let name = app.db.rsplit('/').next().unwrap().to_owned();
    let (gateway, owner) = (format!("{name}_gw"), format!("{name}_audit"));
    // As the administrator: the gateway's everyday role, and the audit table's owner.
    let admin = [
        format!("CREATE ROLE {gateway} LOGIN"),
        format!("CREATE ROLE {owner} NOLOGIN"),
        format!("GRANT ALL ON SCHEMA public TO {gateway}"),
        format!("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {gateway}"),
        // The documented statements.
        format!("ALTER TABLE audit OWNER TO {owner}"),
        format!("ALTER FUNCTION audit_append_only() OWNER TO {owner}"),
        format!("REVOKE ALL ON audit FROM {gateway}"),
        format!("GRANT SELECT, INSERT ON audit TO {gateway}"),
    ];
    for sql in &admin {
        sqlx::query(sql).execute(app.store.pool()).await.unwrap();
    }
    let url = app.db.replacen("://tongban@", &format!("://{gateway}@"), 1);
    assert_ne!(url, app.db, "the test cluster's URL names its user");
    // The gateway starts under the role (migrations and triggers already there) and records.
    let store = Store::connect(&url).await.expect("the gateway starts");
    let entry = audit::Entry::console("grants.check", String::new());
    audit::record(&store, entry, chrono::Utc::now())
        .await
        .expect("the gateway appends");
    for sql in [
        "UPDATE audit SET detail = 'rewritten'",
        "DELETE FROM audit",
        "TRUNCATE audit",
        "ALTER TABLE audit DISABLE TRIGGER audit_no_change",
        "DROP TRIGGER audit_no_change ON audit",
        "DROP TABLE audit",
    ] {
        let error = sqlx::query(sql)
            .execute(store.pool())
            .await
            .expect_err(sql)
            .to_string();
        assert!(
            error.contains("permission denied") || error.contains("must be owner"),
            "{sql}: {error}"
        );
    }
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit WHERE action = 'grants.check'")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert_eq!(rows, 1);
    store.pool().close().await;
}
