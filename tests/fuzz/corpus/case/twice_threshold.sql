-- expect-error: twice_threshold.sql:4: threshold for p95 given twice
-- name: twice
-- threshold: p95 < 5ms
-- threshold: p99 < 9ms, p95 < 4ms
SELECT 1;
