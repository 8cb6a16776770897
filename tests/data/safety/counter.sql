-- name: draw_counter
-- iterations: 3
-- warmup: 0
SELECT nextval('safe.counter');
