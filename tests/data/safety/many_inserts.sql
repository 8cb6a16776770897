-- A trivial write repeated 100,000 times: every iteration is rolled back to the same savepoint,
-- so the transaction never holds more than one subtransaction (one savepoint per iteration ran
-- out of shared memory, SQLSTATE 53200, near 20,000).
-- name: insert_many
-- iterations: 100000
-- warmup: 0
INSERT INTO safe.many (v) VALUES (1);
