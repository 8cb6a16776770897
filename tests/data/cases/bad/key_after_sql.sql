-- expect-error: key_after_sql.sql:5: "-- threshold:" comes after the SQL of case first, where it is not read
-- name: first
SELECT 1;

-- threshold: p95 < 1ms
-- name: second
SELECT 2;
