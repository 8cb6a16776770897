-- expect-error: threshold_le.sql:3: invalid threshold: use "<", not "<="
-- name: le
-- threshold: p95 <= 5ms
SELECT 1;
