-- Run as pgperf_usage, a role with USAGE only on safe.counter and no privilege on the identity
-- sequence of safe.tickets: pgperf cannot put either back, and says so.
-- name: draw_usage_only
-- iterations: 3
-- warmup: 0
SELECT nextval('safe.counter');

-- name: insert_without_sequence_rights
-- iterations: 3
-- warmup: 0
INSERT INTO safe.tickets (note) VALUES ('usage');
