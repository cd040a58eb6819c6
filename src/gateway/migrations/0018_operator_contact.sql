-- An operator's 工号 and work phone, both optional (`operator add --work-no --phone`): a citizen
-- whose home visit names the operator as its clerk reads them on the visit's card, to check the
-- person at the door. A work phone, not a personal one; never written to logs or audit rows.
ALTER TABLE operators ADD COLUMN work_no TEXT;
ALTER TABLE operators ADD COLUMN phone TEXT;
