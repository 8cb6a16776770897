-- Tables for the seeding tests; pgperf seed fills them.
CREATE SCHEMA shop;
CREATE TABLE shop.customers (
    id integer PRIMARY KEY,
    email text NOT NULL UNIQUE,
    plan text NOT NULL CHECK (plan IN ('free', 'pro', 'team')),
    score integer,
    created_at timestamptz NOT NULL,
    prefs jsonb NOT NULL
);
CREATE TABLE shop.orders (
    id uuid PRIMARY KEY,
    customer_id integer NOT NULL REFERENCES shop.customers,
    total numeric(10, 2) NOT NULL,
    note text NOT NULL,
    paid boolean NOT NULL,
    day date NOT NULL
);
-- Listed first in the spec, without a ref: only the database's foreign key makes pgperf load
-- it after shop.customers.
CREATE TABLE shop.audit (id integer PRIMARY KEY, customer integer REFERENCES shop.customers);
