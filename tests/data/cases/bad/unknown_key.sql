-- expect-error: unknown_key.sql:3: unknown key "treshold"
-- name: typo
-- treshold: p95 < 5ms
SELECT 1;
