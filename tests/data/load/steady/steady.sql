-- name: steady
-- description: a 5 ms statement: enough executions in a short level to see a spike, a lost connection or an interrupt
SELECT pg_sleep(0.005);
