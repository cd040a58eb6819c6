-- 亲情代办 (#17): a citizen (the agent, 经办人) files for a bound family member (申请人).
-- Owners are `<shell>:<host user id>` as elsewhere; no ID number or phone is kept in clear.

-- A one-time invitation: only the SHA-256 of its code is kept; valid 15 minutes, used once.
-- agent_name: the inviter's name, sealed (context: the invitation id).
CREATE TABLE family_invitations (
    id         TEXT PRIMARY KEY,
    agent      TEXT NOT NULL,
    agent_name TEXT NOT NULL,
    code_hash  TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at    BIGINT
);

-- A binding between an agent and a member. member: the member's owner when they consented in
-- their own session; `family:<id>` for someone without a phone (a child, an elder), bound by
-- a clerk's approval of a relationship document (document: an attachment id; region: whose
-- clerks review it). applicant: the member's applicant block (JSON), sealed (context: id);
-- agent_name sealed likewise. status: 'pending' (awaiting a clerk) | 'live' | 'refused' | 'ended'.
CREATE TABLE family_bindings (
    id          TEXT PRIMARY KEY,
    agent       TEXT NOT NULL,
    member      TEXT NOT NULL,
    relation    TEXT NOT NULL,
    agent_name  TEXT NOT NULL,
    applicant   TEXT NOT NULL,
    region      TEXT,
    document    TEXT,
    status      TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    bound_at    BIGINT,
    ended_at    BIGINT,
    ended_by    TEXT
);
CREATE INDEX family_bindings_agent ON family_bindings (agent, status);
CREATE INDEX family_bindings_member ON family_bindings (member, status);

-- Every binding, consent, end, objection and 代办 submission: who did it (an owner, or
-- `operator:<name>`), for whom, when. Kept as long as the applications (never purged).
-- kind: 'invited' | 'consented' | 'requested' | 'approved' | 'refused' | 'ended' | 'submitted' | 'objected'.
CREATE TABLE family_events (
    id         TEXT PRIMARY KEY,
    binding_id TEXT NOT NULL,
    kind       TEXT NOT NULL,
    actor      TEXT NOT NULL,
    agent      TEXT NOT NULL,
    member     TEXT NOT NULL,
    receipt_no TEXT,
    at         BIGINT NOT NULL
);
CREATE INDEX family_events_binding ON family_events (binding_id, at);
CREATE INDEX family_events_receipt ON family_events (receipt_no);

-- An application filed by an agent: owner is the member, agent the filer, binding_id the
-- binding it was filed through; agent_name sealed (context: the receipt number).
ALTER TABLE applications ADD COLUMN binding_id TEXT;
ALTER TABLE applications ADD COLUMN agent TEXT;
ALTER TABLE applications ADD COLUMN agent_name TEXT;
CREATE INDEX applications_agent ON applications (agent, submitted_at);

-- A relationship document (户口本, 出生证明) uploaded for a binding request: kept with the
-- binding (never purged as a loose upload), read by the clerks of the binding's region.
ALTER TABLE attachments ADD COLUMN binding_id TEXT;
