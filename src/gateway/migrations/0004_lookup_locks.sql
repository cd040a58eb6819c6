-- Escalating locks of a receipt's verifier path: after too many failed lookups in a window the
-- receipt is locked for 1 hour, and for 24 hours when it was locked within the day before.
-- `locked_until` is Unix ms; `lockouts` counts the locks in that run.
CREATE TABLE lookup_locks (
    bucket       TEXT PRIMARY KEY,
    locked_until BIGINT NOT NULL,
    lockouts     INTEGER NOT NULL
);
