-- The regions the operator served when the row was written (`*` for all, a comma-separated list
-- otherwise; NULL for the console and for tokens that name no one): an auditor whose regions
-- cover them reads the operator's rows that have no region of their own (queue pages, family
-- requests, appointments, home visits, refusals). Rows written before this column have none and
-- are read by auditors of every region. The triggers that make the table append-only are
-- engine-specific and are installed at every start (`src/gateway/src/audit_guard.rs`).
ALTER TABLE audit ADD COLUMN scope TEXT;
