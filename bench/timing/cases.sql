-- The statements the benchmark times with both pgperf and pgbench.

-- name: select_one
SELECT 1;

-- name: pk_lookup
-- params: random(1, 1000000)
SELECT abalance FROM bench.accounts WHERE aid = $1;
