-- The audit trail: every operator read of personal data, every move, every operator-management
-- command. Append-only: the gateway only ever INSERTs and SELECTs here (grant its database role
-- no more on this table). Rows say who, what, which receipt, when and from where — never the
-- personal data itself.
CREATE TABLE audit (
    at         BIGINT NOT NULL,
    operator   TEXT NOT NULL,
    action     TEXT NOT NULL,
    receipt_no TEXT,
    region     TEXT,
    client     TEXT NOT NULL,
    detail     TEXT
);
CREATE INDEX audit_at ON audit (at);
CREATE INDEX audit_receipt ON audit (receipt_no, at);
CREATE INDEX audit_operator ON audit (operator, at);
