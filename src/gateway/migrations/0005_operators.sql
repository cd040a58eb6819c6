-- Named operators: each has their own bearer token (only its SHA-256 is kept), a role, the
-- regions whose applications they may see ('*' for all), and may expire or be revoked.
CREATE TABLE operators (
    name       TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    role       TEXT NOT NULL,
    regions    TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT,
    revoked_at BIGINT
);

-- Which operator made a move (NULL for the applicant and the system). Citizens never see it.
ALTER TABLE application_events ADD COLUMN operator TEXT;
