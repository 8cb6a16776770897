-- expect-error: stray_sql.sql:2: SQL before the first case
SELECT 0;
-- name: ok
SELECT 1;
