-- Data-modifying cases: each iteration's writes are undone, so every iteration sees the
-- original data (the unique note would collide otherwise) and nothing persists.

-- name: insert_event
-- iterations: 20
-- threshold: p99 < 1s
INSERT INTO app.events (item_id, note) VALUES (1, 'only once');

-- name: update_items
-- iterations: 20
UPDATE app.items SET qty = qty + 1 WHERE id <= 100;

-- name: delete_events
-- iterations: 5
DELETE FROM app.events WHERE id <= 25;

-- name: delete_in_cte
-- iterations: 5
WITH gone AS (DELETE FROM app.events RETURNING id) SELECT count(*) FROM gone;

-- name: select_nextval
-- description: not a write to the parser, but it moves a sequence; pgperf restores it
-- iterations: 5
SELECT nextval('app.events_id_seq');
