-- The schema t_safety.sh runs its cases (tests/data/safety/) against: what pgperf must leave as
-- it found it on a database other sessions use.
CREATE SCHEMA safe;

-- A trivial write target for a case with very many iterations.
CREATE TABLE safe.many (v integer NOT NULL);

-- Tables whose rows draw from a sequence (identity columns).
CREATE TABLE safe.tickets (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	note text NOT NULL
);
CREATE TABLE safe.killed (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	note text NOT NULL
);

-- A sequence no table draws from.
CREATE SEQUENCE safe.counter;

-- A table read by index-only scans: vacuumed, so every page is all-visible; autovacuum off, so
-- only pgperf (or nobody) vacuums it during a test.
CREATE TABLE safe.ios (id integer PRIMARY KEY, pad integer NOT NULL)
	WITH (autovacuum_enabled = off);
INSERT INTO safe.ios SELECT g, g FROM generate_series(1, 20000) AS g;
VACUUM (ANALYZE) safe.ios;

-- An error raised inside a function: the server says where (CONTEXT), with a DETAIL and a HINT.
CREATE FUNCTION safe.explode(n integer) RETURNS integer LANGUAGE plpgsql AS $$
BEGIN
	IF n > 0 THEN
		RAISE EXCEPTION 'explode: % is positive', n
			USING DETAIL = 'the argument was ' || n, HINT = 'call it with zero';
	END IF;
	RETURN n;
END
$$;

-- A role that may draw from safe.counter but not read it back or set it (USAGE only), and that
-- may insert into safe.tickets without any privilege on its identity sequence.
CREATE ROLE pgperf_usage LOGIN;
GRANT USAGE ON SCHEMA safe TO pgperf_usage;
GRANT USAGE ON SEQUENCE safe.counter TO pgperf_usage;
GRANT INSERT ON safe.tickets TO pgperf_usage;
