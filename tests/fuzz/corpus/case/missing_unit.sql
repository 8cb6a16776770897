-- expect-error: missing_unit.sql:3: invalid threshold limit "5": expected a unit after the number
-- name: unit
-- threshold: p95 < 5
SELECT 1;
