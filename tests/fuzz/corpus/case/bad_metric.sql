-- expect-error: bad_metric.sql:3: unknown threshold metric "p999"
-- name: metric
-- threshold: p999 < 5ms
SELECT 1;
