-- 预约到厅: one row per place taken in an office's slot. A place is a number 1..capacity; the
-- unique (office, day, slot, place) makes a double booking impossible on both engines. A
-- cancelled booking gives its place back (place set to NULL: NULLs never collide).
CREATE TABLE appointments (
    id          TEXT PRIMARY KEY,
    owner       TEXT NOT NULL,
    region      TEXT NOT NULL,
    item_id     TEXT NOT NULL,
    office      TEXT NOT NULL,
    day         TEXT NOT NULL,
    slot        TEXT NOT NULL,
    place       INTEGER,
    receipt_no  TEXT REFERENCES applications (receipt_no),
    status      TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    reminded_at BIGINT,
    UNIQUE (office, day, slot, place)
);
CREATE INDEX appointments_owner ON appointments (owner, day);
CREATE INDEX appointments_office_day ON appointments (office, day);

-- 预约上门: a citizen's request for a clerk's home visit. address and phone are sealed (the
-- row id is their context) and set to NULL by retention once the visit is long finished.
-- on_behalf_of is reserved for a family member acting for the citizen (代办).
CREATE TABLE home_visits (
    id           TEXT PRIMARY KEY,
    owner        TEXT NOT NULL,
    on_behalf_of TEXT,
    region       TEXT NOT NULL,
    item_id      TEXT NOT NULL,
    receipt_no   TEXT REFERENCES applications (receipt_no),
    reason       TEXT NOT NULL,
    preferred    TEXT NOT NULL,
    address      TEXT,
    phone        TEXT,
    status       TEXT NOT NULL,
    slot         TEXT,
    clerk        TEXT,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL,
    finished_at  BIGINT,
    purged_at    BIGINT
);
CREATE INDEX home_visits_owner ON home_visits (owner, created_at);
CREATE INDEX home_visits_region ON home_visits (region, status, created_at);

-- Each step of an appointment or home visit, for the citizen's timeline and inbox (即时知).
-- message never holds the address or phone; seq orders the steps of one ref_id.
CREATE TABLE appointment_events (
    id        TEXT PRIMARY KEY,
    owner     TEXT NOT NULL,
    ref_id    TEXT NOT NULL,
    seq       INTEGER NOT NULL,
    status    TEXT NOT NULL,
    note      TEXT,
    message   TEXT NOT NULL,
    at        BIGINT NOT NULL
);
CREATE INDEX appointment_events_owner ON appointment_events (owner, at);
CREATE INDEX appointment_events_ref ON appointment_events (ref_id, seq);
