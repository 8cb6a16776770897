-- Column types beyond the plain ones, and values correlated across tables: a payment's customer
-- is its rental's customer, paid after the rental started.
CREATE SCHEMA rent;
CREATE TYPE rent.mood AS ENUM ('calm', 'busy', 'closed');
CREATE DOMAIN rent.stars AS integer CHECK (VALUE BETWEEN 1 AND 5);
CREATE TABLE rent.customers (
    id integer PRIMARY KEY,
    name text NOT NULL,
    tags text[] NOT NULL,
    profile jsonb NOT NULL,
    avatar bytea NOT NULL,
    search tsvector NOT NULL,
    mood rent.mood NOT NULL,
    rating rent.stars NOT NULL
);
CREATE TABLE rent.rentals (
    id bigint PRIMARY KEY,
    customer_id integer NOT NULL REFERENCES rent.customers,
    rented_at timestamptz NOT NULL,
    period tstzrange NOT NULL,
    seats int4range NOT NULL
);
CREATE TABLE rent.payments (
    id bigint PRIMARY KEY,
    rental_id bigint NOT NULL REFERENCES rent.rentals,
    customer_id integer NOT NULL REFERENCES rent.customers,
    paid_at timestamptz NOT NULL,
    amount numeric(8, 2) NOT NULL
);
-- A composite key: each desk's (tenant, branch_id) is one branch's (tenant, id).
CREATE TABLE rent.branches (
    tenant integer NOT NULL,
    id integer NOT NULL,
    PRIMARY KEY (tenant, id)
);
CREATE TABLE rent.desks (
    id integer PRIMARY KEY,
    tenant integer NOT NULL,
    branch_id integer NOT NULL,
    FOREIGN KEY (tenant, branch_id) REFERENCES rent.branches
);
