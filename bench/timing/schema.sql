-- The benchmark's table: pgbench_accounts' shape at scale 10 (1,000,000 rows).
CREATE SCHEMA bench;
CREATE TABLE bench.accounts (
	aid integer PRIMARY KEY,
	bid integer NOT NULL,
	abalance integer NOT NULL,
	filler char(84)
);
INSERT INTO bench.accounts SELECT g, (g - 1) / 100000 + 1, 0, '' FROM generate_series(1, 1000000) AS g;
VACUUM ANALYZE bench.accounts;
