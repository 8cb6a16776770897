-- expect-error: bad_unit.sql:3: invalid threshold limit "5 sec": expected the unit us, ms or s
-- name: unit
-- threshold: p95 < 5 sec
SELECT 1;
