-- name: serialised
-- description: every execution waits for one advisory lock held 100 ms: p95 grows with clients
SELECT pg_advisory_xact_lock(4242), pg_sleep(0.1);
