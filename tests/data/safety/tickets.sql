-- name: insert_ticket
-- iterations: 5
-- warmup: 1
INSERT INTO safe.tickets (note) VALUES ('pgperf');
