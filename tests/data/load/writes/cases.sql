-- name: insert_order
-- description: a write: rolled back after each execution, its sequence put back at the end
INSERT INTO load_orders (amount) VALUES (42);
