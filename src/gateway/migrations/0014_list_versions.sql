-- The bureau's lists (catalogue, forms, offices, calendar years), each publication one version:
-- its files as JSON (`{"catalogue/regions.json": "…", …}`), who published it (an operator of
-- the `editor` role, or `assets` for the version a new database starts with), when it was made
-- and from when it is served, the sources it cites and its diff against the version before.
-- Versions are never changed or removed: an application names the one it was filed under.
CREATE TABLE list_versions (
    number       BIGINT PRIMARY KEY,
    author       TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    effective_at BIGINT NOT NULL,
    sources      TEXT NOT NULL,
    diff         TEXT NOT NULL,
    files        TEXT NOT NULL
);
CREATE INDEX list_versions_effective ON list_versions (effective_at, number);

-- The list version an application was filed under (NULL: filed before versions existed, read
-- with version 1).
ALTER TABLE applications ADD COLUMN list_version BIGINT;
