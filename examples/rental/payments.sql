-- Payments, partitioned by month.

-- name: payments_of_rental
-- description: the receipt page looks payments up by rental; payment.rental_id has no index
-- params: random(1, 80000)
-- forbid: seq scan on rental.payment
SELECT payment_id, amount, payment_date FROM rental.payment WHERE rental_id = $1;

-- name: revenue_in_march
-- description: one month: the planner prunes to one partition and reads it whole
SELECT sum(amount) FROM rental.payment
 WHERE payment_date >= '2026-03-01 00:00:00+00' AND payment_date < '2026-04-01 00:00:00+00';

-- name: revenue_by_day
-- description: the daily report reads every payment, as it must
-- threshold: p95 < 250ms
SELECT date_trunc('day', payment_date) AS day, sum(amount)
  FROM rental.payment GROUP BY 1 ORDER BY 1;

-- name: sales_by_store
-- threshold: p95 < 250ms
SELECT store, total_sales FROM rental.sales_by_store;
