-- A table whose key draws from a sequence, for pgperf load's write cases.
CREATE TABLE load_orders (id serial PRIMARY KEY, amount integer NOT NULL);
