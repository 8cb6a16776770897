-- name: independent
-- description: the same 100 ms without the lock: p95 stays flat while the server keeps up (100 ms,
-- description: not 5: the scheduling delays of a loaded 2-core runner, tens of milliseconds at
-- description: 10 clients, are then small next to the statement)
SELECT pg_sleep(0.1);
