-- expect-error: bad_threshold.sql:3: invalid threshold "p95 > 5ms": expected METRIC < DURATION
-- name: direction
-- threshold: p95 > 5ms
SELECT 1;
