-- name: slow
-- description: 50 ms an execution: two clients cannot keep up with 100 arrivals a second
SELECT pg_sleep(0.05);
