-- name: independent
-- description: the same 5 ms without the lock: p95 stays flat while the server keeps up
SELECT pg_sleep(0.005);
