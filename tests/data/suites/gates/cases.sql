-- name: orders_of_customer
-- params: random(1, 4999)
SELECT id, total FROM g.orders WHERE customer = $1;

-- name: count_events
SELECT count(*) FROM g.events WHERE kind = 3;

-- name: slow_function
SELECT g.work(15000);
