-- expect-error: bad_median.sql:4: unknown threshold metric "average"
-- name: m
-- threshold: median < 5ms
-- threshold: average < 5ms
SELECT 1;
