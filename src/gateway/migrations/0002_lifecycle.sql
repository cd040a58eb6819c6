-- The life cycle after submission: what an operator asked for, ratings, the push outbox,
-- notification read marks, lookup rate limits and attachments. Types both engines share.

-- 退回补正: the operator's note and the materials asked for (a JSON array of names).
ALTER TABLE applications ADD COLUMN asked_note TEXT;
ALTER TABLE applications ADD COLUMN asked_materials TEXT;
-- When it was accepted (the due date is fixed then) and finished, Unix ms.
ALTER TABLE applications ADD COLUMN accepted_at BIGINT;
ALTER TABLE applications ADD COLUMN finished_at BIGINT;

-- 好差评: one rating per application; a bad one gets a follow-up (整改).
CREATE TABLE ratings (
    receipt_no     TEXT PRIMARY KEY REFERENCES applications (receipt_no),
    grade          INTEGER NOT NULL,
    reason         TEXT,
    rated_at       BIGINT NOT NULL,
    follow_up      TEXT,
    followed_up_at BIGINT
);

-- Every status change, written in the transaction that makes it, delivered to the webhook
-- at least once. `event_id` is `<receipt_no>-<seq>`.
CREATE TABLE outbox (
    event_id     TEXT PRIMARY KEY,
    payload      TEXT NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    next_at      BIGINT NOT NULL,
    delivered_at BIGINT,
    last_error   TEXT
);
CREATE INDEX outbox_due ON outbox (delivered_at, next_at);

-- 即时知: a citizen's notifications are the events of their applications; this keeps how far
-- each owner has read (the `at` of the newest event seen).
CREATE TABLE notification_reads (
    owner      TEXT PRIMARY KEY,
    read_up_to BIGINT NOT NULL
);
CREATE INDEX application_events_at ON application_events (receipt_no, at);

-- Failed progress lookups per client and per receipt in fixed windows.
CREATE TABLE lookup_failures (
    bucket  TEXT NOT NULL,
    window_start BIGINT NOT NULL,
    failures INTEGER NOT NULL,
    PRIMARY KEY (bucket, window_start)
);

-- Uploaded materials; the bytes are files under the data dir.
CREATE TABLE attachments (
    id           TEXT PRIMARY KEY,
    owner        TEXT NOT NULL,
    material     TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    receipt_no   TEXT,
    created_at   BIGINT NOT NULL
);
CREATE INDEX attachments_owner ON attachments (owner, created_at);
