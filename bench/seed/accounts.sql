-- pgbench_accounts' shape, as pgbench -i creates it (no primary key before loading).
CREATE SCHEMA bench;
CREATE TABLE bench.accounts (
    aid integer NOT NULL,
    bid integer,
    abalance integer,
    filler character(84)
) WITH (fillfactor = 100);
