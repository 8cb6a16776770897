-- What the gates test changes between runs: an index it drops, a table it grows, a function
-- it makes slower.
CREATE SCHEMA g;
CREATE TABLE g.orders (id integer PRIMARY KEY, customer integer NOT NULL, total numeric NOT NULL);
INSERT INTO g.orders SELECT i, i % 5000, i % 97 FROM generate_series(1, 50000) AS i;
CREATE INDEX orders_customer_idx ON g.orders (customer);
CREATE TABLE g.events (id integer PRIMARY KEY, kind integer NOT NULL, payload text NOT NULL);
INSERT INTO g.events SELECT i, i % 10, repeat('x', 60) FROM generate_series(1, 20000) AS i;
-- CPU-bound work the slow_function case calls; the test redefines it with three times the loop.
CREATE FUNCTION g.work(n integer) RETURNS bigint LANGUAGE sql STABLE
	AS 'SELECT sum(i::bigint * i) FROM generate_series(1, n) AS i';
ANALYZE;
