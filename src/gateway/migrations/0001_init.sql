-- Applications and their timeline. Times are Unix milliseconds (UTC); dates are YYYY-MM-DD.
CREATE TABLE applications (
    receipt_no    TEXT PRIMARY KEY,
    region        TEXT NOT NULL,
    item_id       TEXT NOT NULL,
    owner         TEXT NOT NULL,
    verifier_hash TEXT NOT NULL,
    status        TEXT NOT NULL,
    form_json     TEXT NOT NULL,
    submitted_at  BIGINT NOT NULL,
    due_date      TEXT,
    updated_at    BIGINT NOT NULL
);
CREATE INDEX applications_owner ON applications (owner, submitted_at);
CREATE INDEX applications_queue ON applications (status, region, item_id);

CREATE TABLE application_events (
    receipt_no TEXT NOT NULL REFERENCES applications (receipt_no),
    seq        INTEGER NOT NULL,
    status     TEXT NOT NULL,
    actor      TEXT NOT NULL,
    note       TEXT,
    at         BIGINT NOT NULL,
    PRIMARY KEY (receipt_no, seq)
);

-- One row per (owner, Idempotency-Key): a retried submission returns the stored receipt.
CREATE TABLE idempotency_keys (
    owner      TEXT NOT NULL,
    key        TEXT NOT NULL,
    body_hash  TEXT NOT NULL,
    receipt_no TEXT NOT NULL REFERENCES applications (receipt_no),
    PRIMARY KEY (owner, key)
);
