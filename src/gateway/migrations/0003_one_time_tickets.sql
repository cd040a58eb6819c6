-- One-time tickets and logout. Each exchanged ticket's id is kept until the ticket expires
-- (after that it cannot be exchanged anyway); each ended session's id until its token would
-- have expired. Ids are SHA-256 hex of the token's signed part; times are Unix seconds.
CREATE TABLE used_tickets (
    id         TEXT PRIMARY KEY,
    expires_at BIGINT NOT NULL
);
CREATE INDEX used_tickets_expiry ON used_tickets (expires_at);

CREATE TABLE revoked_sessions (
    id         TEXT PRIMARY KEY,
    expires_at BIGINT NOT NULL
);
CREATE INDEX revoked_sessions_expiry ON revoked_sessions (expires_at);
