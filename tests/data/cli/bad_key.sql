-- name: typo
-- treshold: p95 < 5ms
SELECT 1;
