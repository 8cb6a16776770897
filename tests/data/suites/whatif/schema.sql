-- The what-if suite: orders reference customers through a foreign key that has no index (the
-- classic missing index), while orders' primary key serves the lookups by id.
CREATE SCHEMA shop;
CREATE TABLE shop.customers (
	id bigint PRIMARY KEY,
	name text NOT NULL,
	region text NOT NULL
);
CREATE TABLE shop.orders (
	id bigint PRIMARY KEY,
	customer_id bigint NOT NULL REFERENCES shop.customers (id),
	status text NOT NULL,
	total numeric(10, 2) NOT NULL,
	created_at timestamptz NOT NULL
);
INSERT INTO shop.customers
SELECT i, 'customer ' || i, (ARRAY['north', 'south', 'east', 'west'])[1 + i % 4]
FROM generate_series(1, 2000) i;
INSERT INTO shop.orders
SELECT i, 1 + (i * 7919) % 2000, (ARRAY['new', 'paid', 'shipped', 'returned'])[1 + i % 4],
       (i % 500) + 0.99, timestamptz '2026-01-01' + i * interval '5 minutes'
FROM generate_series(1, 60000) i;
VACUUM ANALYZE shop.customers;
VACUUM ANALYZE shop.orders;
