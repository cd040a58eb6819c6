-- `rekey`'s progress, one row per entry of the registry of sealed data (`sealing::registry`):
-- the key it re-seals under, the last row key (and part) done, how many values it re-sealed,
-- and when it walked the whole entry. A run stopped half way continues from `cursor`; a run
-- after a finished one under the same key does nothing. Cursors are row keys (receipt
-- numbers, random ids), never personal data.
CREATE TABLE rekey_progress (
    target      TEXT PRIMARY KEY,
    key_id      TEXT NOT NULL,
    cursor      TEXT NOT NULL,
    part        BIGINT NOT NULL,
    resealed    BIGINT NOT NULL,
    finished_at BIGINT
);

-- Clerks' notes (application_events.note, applications.asked_note, appointment_events.note) and
-- ratings' reasons and follow-ups are sealed from now on; rows written before are read as they
-- are until `rekey` seals them. applications.verifier_hash becomes `hv1:<key id>:<HMAC>` under
-- TONGBAN_VERIFIER_KEY; older rows are re-derived from their sealed answers at start.
-- Retention forgets home visits left without a move, and when it purged them.
CREATE INDEX home_visits_updated ON home_visits (purged_at, updated_at);
CREATE INDEX family_bindings_status ON family_bindings (status, created_at);
