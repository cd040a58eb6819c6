-- Retention: when the answers and files of a final application were purged (the receipt, item,
-- statuses and dates stay for statistics).
ALTER TABLE applications ADD COLUMN purged_at BIGINT;
CREATE INDEX applications_final ON applications (finished_at);
CREATE INDEX attachments_loose ON attachments (receipt_no, created_at);
