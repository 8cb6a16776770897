-- name: never_runs
SELECT * FROM t;
