-- name: function_reads_whole
-- description: the function reads fn.readings whole: its own plan is a Result, forbid must see inside
-- params: random(1, 90)
-- forbid: seq scan on fn.readings
SELECT fn.count_by_value($1);

-- name: function_by_index
-- description: the twin: the function reads through the index
-- params: random(1, 499)
-- forbid: seq scan on fn.readings
-- expect: index scan on fn.readings
SELECT fn.count_by_sensor($1);

-- name: function_expect_unmet
-- description: expect on a table only the function reads, which it reads whole
-- params: random(1, 90)
-- expect: index scan on fn.readings
SELECT fn.count_by_value($1);

-- name: sql_function_reads_whole
-- description: a SQL function that is not inlined: planned apart, as the PL/pgSQL one
-- params: random(1, 90)
-- forbid: seq scan on fn.readings
SELECT fn.sql_count_by_value($1);

-- name: function_per_row
-- description: the function once per row of the outer query: its statement ran 20 times
-- forbid: seq scan on fn.readings
SELECT g, fn.count_by_sensor(g) FROM generate_series(1, 20) AS g;

-- name: trigger_reads_whole
-- description: the insert's trigger reads fn.readings whole
-- params: random(1, 90)
-- forbid: seq scan on fn.readings
INSERT INTO fn.alerts (v) VALUES ($1);

-- name: many_calls_then_seq_scan
-- description: 40 calls of one statement (counted as one, run 40 times), then a sequential scan
-- params: random(1, 90)
-- forbid: seq scan on fn.readings
SELECT (SELECT sum(fn.sql_count_by_sensor(g)) FROM generate_series(1, 40) AS g), fn.count_by_value($1);

-- name: audited_update
-- description: a cheap audit trigger: the run that captures its statement is not the one timed, so the trigger stays a small share
-- params: random(1, 1000)
-- expect: index scan on fn.items
UPDATE fn.items SET v = v + 1 WHERE id = $1;

-- name: function_per_row_reads_whole
-- description: N+1 through a function: once per outer row, each call reads fn.readings whole (no assertion: every case is judged)
SELECT g, fn.count_by_value(g) FROM generate_series(1, 20) AS g;

-- name: function_per_row_by_index
-- description: the twin: once per outer row, each call through the index
SELECT g, fn.count_by_sensor(g) FROM generate_series(1, 20) AS g;

-- name: trigger_per_row_reads_whole
-- description: N+1 through a trigger: a 20-row insert whose row trigger reads fn.readings whole each time
INSERT INTO fn.alerts (v) SELECT g FROM generate_series(1, 20) AS g;

-- name: function_per_row_partitioned
-- description: N+1 through a function over a view of a partitioned table: its three partitions' scans, said once
SELECT g, fn.metrics_by_value(g) FROM generate_series(1, 12) AS g;
