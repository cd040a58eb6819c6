//! The database itself keeps the audit trail append-only (等保 2.0 安全审计: records protected
//! from deletion and alteration): triggers refuse every UPDATE and DELETE of an `audit` row (and
//! on PostgreSQL a TRUNCATE), whoever sends it. The DDL differs between the engines, so it is
//! installed here at every connect, after the migrations, rather than in `migrations/`; each
//! statement is a no-op once the triggers are there, and on PostgreSQL it runs under an advisory
//! lock so copies starting together do not race. On PostgreSQL the documented grants add the
//! rest (docs/operations.md, "Audit log"): the gateway's role may INSERT and SELECT the table
//! and does not own it, so it can neither drop the triggers nor the table.

use sqlx::{AnyPool, Executor};

const SQLITE: [&str; 2] = [
    "CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit \
     BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END",
    "CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit \
     BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END",
];

/// Any number, the same in every copy: the advisory lock of the installation.
const LOCK: i64 = 0x0074_6261_7564_6974;

const POSTGRES: &str = r#"
DO $do$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_proc WHERE proname = 'audit_append_only') THEN
    CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
      RAISE EXCEPTION 'audit rows are append-only (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
    END
    $fn$;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_trigger
                 WHERE tgname = 'audit_no_change' AND tgrelid = 'audit'::regclass) THEN
    CREATE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON audit
      FOR EACH ROW EXECUTE FUNCTION audit_append_only();
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_trigger
                 WHERE tgname = 'audit_no_truncate' AND tgrelid = 'audit'::regclass) THEN
    CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit
      FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
  END IF;
END
$do$
"#;

/// Installs the triggers on `pool` (`postgres`: which engine it is) if they are not there yet.
pub async fn install(pool: &AnyPool, postgres: bool) -> Result<(), sqlx::Error> {
    if postgres {
        let mut tx = pool.begin().await?;
        sqlx::query("SELECT pg_advisory_xact_lock($1)")
            .bind(LOCK)
            .execute(&mut *tx)
            .await?;
        tx.execute(POSTGRES).await?;
        tx.commit().await?;
    } else {
        for statement in SQLITE {
            pool.execute(statement).await?;
        }
    }
    Ok(())
}
