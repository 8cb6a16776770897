-- expect-error: bad_threshold_level.sql:3: invalid threshold level "@0": expected a number of clients
-- name: a
-- threshold: p95@0 < 5ms
SELECT 1;
