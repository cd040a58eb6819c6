-- 实名: who acts is the real-name person the shell verified (the session's `idh`, an HMAC of the
-- normalised ID number; never the number).

-- 亲情代办: the inviter's and the consenting member's real-name hashes, recorded from their own
-- sessions (for a member without a phone: the hash of the applicant block a clerk checked on a
-- document). Filing through a binding checks the applicant against member_idh; the five-member
-- cap counts per agent_idh, so one person with two shells still binds five.
ALTER TABLE family_invitations ADD COLUMN agent_idh TEXT;
ALTER TABLE family_bindings ADD COLUMN agent_idh TEXT;
ALTER TABLE family_bindings ADD COLUMN member_idh TEXT;
CREATE INDEX family_bindings_agent_idh ON family_bindings (agent_idh, status);

-- A hall booking names the person it is for: one open booking per person and item.
ALTER TABLE appointments ADD COLUMN person TEXT;
CREATE INDEX appointments_person ON appointments (person, item_id, status, day);

-- One row per person and purpose, locked by an upsert at the start of a transaction that
-- counts and then inserts (a binding, a booking): on PostgreSQL the row lock serialises those
-- transactions, on SQLite the write lock does, so a cap holds however many requests race.
CREATE TABLE person_locks (
    key TEXT PRIMARY KEY,
    at  BIGINT NOT NULL
);
