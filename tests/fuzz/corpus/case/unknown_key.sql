-- expect-error: unknown_key.sql:3: unknown key "treshold" (did you mean "threshold"?)
-- name: typo
-- treshold: p95 < 5ms
SELECT 1;
