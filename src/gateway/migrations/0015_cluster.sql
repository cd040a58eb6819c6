-- Many copies, one database: nothing a request needs lives on one copy's disk, each webhook
-- event is delivered by one copy at a time, and periodic jobs run once per cluster.

-- The bytes of an uploaded file, sealed chunk by chunk (`applications::files`): chunk `n`
-- of attachment `attachment_id`, each sealed for "<id>:<n>:<chunk count>", so a chunk moved,
-- reordered or dropped does not open. BYTEA is PostgreSQL's binary type; SQLite stores the
-- bound bytes as a BLOB whatever the declared name.
CREATE TABLE attachment_chunks (
    attachment_id TEXT NOT NULL REFERENCES attachments (id) ON DELETE CASCADE,
    n             INTEGER NOT NULL,
    sealed        BYTEA NOT NULL,
    PRIMARY KEY (attachment_id, n)
);

-- The outbox's claims: a copy takes a batch of due events for `lease_until` (Unix ms) under its
-- name; an event whose lease expired (its copy died mid-delivery) is due again for any copy.
-- `created_at` gives the backlog's oldest age (events from before this migration have none).
ALTER TABLE outbox ADD COLUMN claimed_by TEXT;
ALTER TABLE outbox ADD COLUMN lease_until BIGINT;
ALTER TABLE outbox ADD COLUMN created_at BIGINT;

-- Periodic jobs (retention sweep, appointment reminders): one row each; a copy runs a job
-- only when it is due (`next_at`) and no other copy holds a live lease on it.
CREATE TABLE job_runs (
    name        TEXT PRIMARY KEY,
    holder      TEXT,
    lease_until BIGINT,
    next_at     BIGINT NOT NULL,
    last_run_at BIGINT,
    runs        BIGINT NOT NULL DEFAULT 0
);
