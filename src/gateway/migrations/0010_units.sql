-- 单位代办 and the real-name ID hash (#17).
-- acting_unit: the credit code of the unit whose session filed this person item for its
-- employee (经办单位); NULL when the applicant filed it, or a unit filed its own unit item.
-- applicant_idh: the hex HMAC-SHA256 (TONGBAN_ID_HASH_KEY) of the applicant's normalised ID
-- number, never the number: a citizen whose session carries the same `idh` sees the application.
ALTER TABLE applications ADD COLUMN acting_unit TEXT;
ALTER TABLE applications ADD COLUMN applicant_idh TEXT;
CREATE INDEX applications_applicant_idh ON applications (applicant_idh);

-- One row per 代办 submission by a unit: who (the unit's credit code), for whom (the
-- application's receipt number and the applicant's masked name; no ID number), and when (Unix
-- milliseconds). Kept as long as the application.
CREATE TABLE unit_filings (
    receipt_no   TEXT PRIMARY KEY REFERENCES applications (receipt_no),
    unit         TEXT NOT NULL,
    region       TEXT NOT NULL,
    item_id      TEXT NOT NULL,
    applicant    TEXT NOT NULL,
    at           BIGINT NOT NULL
);
CREATE INDEX unit_filings_unit ON unit_filings (unit, at);
