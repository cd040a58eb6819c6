-- How an application reached the bureau, and the in-person trips (跑动) it cost the citizen.
-- channel: 'online' (the citizen's own phone, or an agent's) or 'window' (a clerk entered it
-- for a walk-in citizen, 窗口代录). received_office: the office that received it at a window; for
-- 异地代收代办 it belongs to another region than the application's.
ALTER TABLE applications ADD COLUMN channel TEXT NOT NULL DEFAULT 'online';
ALTER TABLE applications ADD COLUMN received_office TEXT;

-- One row per trip a citizen made in person (QJ 二(六): 跑动次数 ≤ 0.3). kind: 'window' (a
-- submission at the window), 'arrival' (arrived at the hall for an appointment), 'return' (a
-- 补正 that needed a visit). A home visit (预约上门) is a trip of the clerk's, not the citizen's,
-- and is not recorded here. region and item_id are the application's (or the appointment's,
-- when no application exists yet); receipt_no links the trip to its application when known,
-- appointment_id to the appointment it was made for.
CREATE TABLE visits (
    id             TEXT PRIMARY KEY,
    receipt_no     TEXT REFERENCES applications (receipt_no),
    appointment_id TEXT,
    region         TEXT NOT NULL,
    item_id        TEXT NOT NULL,
    kind           TEXT NOT NULL,
    office         TEXT,
    at             BIGINT NOT NULL
);
CREATE INDEX visits_receipt ON visits (receipt_no);
CREATE INDEX visits_region_item ON visits (region, item_id);
