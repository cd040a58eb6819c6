-- An Idempotency-Key is unique per owner either way round; keyed (key, owner) a submission's key
-- goes where keys made at about the same time are, as the app makes them (`tb-<ms>-<random>`),
-- rather than at its owner's place among all owners': a batch of submissions writes one or two
-- pages of this B-tree instead of one each (docs/performance.md, "Submissions: numbers that sort
-- by time"). The lookup of a retry gives both columns, so it reads by the key as before.
-- Retention deletes an application's key by its receipt: that is an index of its own now, not
-- a scan of every key each time.
CREATE TABLE idempotency_keys_by_key (
    key        TEXT NOT NULL,
    owner      TEXT NOT NULL,
    body_hash  TEXT NOT NULL,
    receipt_no TEXT NOT NULL REFERENCES applications (receipt_no),
    PRIMARY KEY (key, owner)
);
INSERT INTO idempotency_keys_by_key (key, owner, body_hash, receipt_no)
    SELECT key, owner, body_hash, receipt_no FROM idempotency_keys;
DROP TABLE idempotency_keys;
ALTER TABLE idempotency_keys_by_key RENAME TO idempotency_keys;
CREATE INDEX idempotency_keys_receipt ON idempotency_keys (receipt_no);
