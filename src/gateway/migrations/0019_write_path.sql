-- An application's events are read by receipt (the timeline, the inbox's join): the primary key
-- (receipt_no, seq) serves those reads, in the same order (seq grows with at). The second index
-- on (receipt_no, at) served none of them, and cost every submission a page write at a random
-- place of its B-tree (docs/performance.md, "Submissions on a writer's thread").
DROP INDEX IF EXISTS application_events_at;
