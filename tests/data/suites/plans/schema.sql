-- Tables on which each plan finding can be triggered, and avoided by its fixed twin.
CREATE SCHEMA lab;
CREATE SCHEMA other;

CREATE TABLE lab.users (id integer PRIMARY KEY, email text NOT NULL, team integer NOT NULL);
INSERT INTO lab.users SELECT g, 'u' || g || '@example.com', g % 50 FROM generate_series(1, 20000) AS g;

CREATE TABLE lab.orders (id integer PRIMARY KEY, user_id integer NOT NULL, total integer NOT NULL, note text NOT NULL);
INSERT INTO lab.orders SELECT g, 1 + g % 20000, g % 997, repeat(md5(g::text), 3) FROM generate_series(1, 100000) AS g;
CREATE INDEX orders_user_idx ON lab.orders (user_id);
CREATE INDEX users_team_idx ON lab.users (team);

-- a and b are equal: the planner multiplies their selectivities and underestimates 200x.
CREATE TABLE lab.events (id integer, a integer, b integer);
INSERT INTO lab.events SELECT g, g % 200, g % 200 FROM generate_series(1, 100000) AS g;
-- The same data with extended statistics that tell the planner a and b move together.
CREATE TABLE lab.events_stats (id integer, a integer, b integer);
INSERT INTO lab.events_stats SELECT g, g % 200, g % 200 FROM generate_series(1, 100000) AS g;
CREATE STATISTICS lab.events_stats_ab (dependencies) ON a, b FROM lab.events_stats;

-- Visits over 90 days, grouped by day: without statistics on date_trunc('day', at) the planner
-- guesses a group per row; the twin has them.
CREATE TABLE lab.visits (id integer, at timestamp NOT NULL);
INSERT INTO lab.visits SELECT g, timestamp '2026-01-01' + (g % 90) * interval '1 day' + (g % 977) * interval '1 minute' FROM generate_series(1, 100000) AS g;
CREATE TABLE lab.visits_stats (id integer, at timestamp NOT NULL);
INSERT INTO lab.visits_stats SELECT * FROM lab.visits;
CREATE STATISTICS lab.visits_stats_day ON (date_trunc('day', at)) FROM lab.visits_stats;

-- A second table named users, in another schema.
CREATE TABLE other.users (id integer PRIMARY KEY);
INSERT INTO other.users SELECT generate_series(1, 10);

-- Two conditions, each with its own index: the planner ANDs the two bitmaps.
CREATE TABLE lab.pairs (id integer PRIMARY KEY, a integer NOT NULL, b integer NOT NULL);
INSERT INTO lab.pairs SELECT i, i % 100, (i / 100) % 100 FROM generate_series(1, 100000) i;
CREATE INDEX pairs_a_idx ON lab.pairs (a);
CREATE INDEX pairs_b_idx ON lab.pairs (b);

-- A table of one page with an index: a sequential scan of it is the cheapest plan.
CREATE TABLE lab.tiny (id integer PRIMARY KEY, code integer NOT NULL);
INSERT INTO lab.tiny SELECT i, i FROM generate_series(1, 20) i;
CREATE INDEX tiny_code_idx ON lab.tiny (code);

-- jsonb searched with @> through a GIN index made before the rows arrived.
CREATE TABLE lab.docs (id integer PRIMARY KEY, settings jsonb NOT NULL);
CREATE INDEX docs_settings_gin ON lab.docs USING gin (settings jsonb_path_ops);
INSERT INTO lab.docs SELECT i, jsonb_build_object('color', (ARRAY['red','green','blue','black'])[1 + i % 4], 'beta', i % 50 = 0)
FROM generate_series(1, 30000) i;

-- Rows with no comment: an anti-join whose inner side an index on the join column can serve.
CREATE TABLE lab.tasks (id integer PRIMARY KEY, title text NOT NULL);
INSERT INTO lab.tasks SELECT i, 'task ' || i FROM generate_series(1, 200000) i;
CREATE TABLE lab.comments (id integer PRIMARY KEY, task_id integer NOT NULL, created_at timestamptz NOT NULL);
INSERT INTO lab.comments SELECT i, 1 + (i * 7) % 200000, now() FROM generate_series(1, 150000) i;
CREATE INDEX comments_task_idx ON lab.comments (task_id, created_at DESC);

-- The users again with an index on upper(email): ANALYZE gathers the expression's statistics.
CREATE TABLE lab.users_upper (LIKE lab.users INCLUDING ALL);
INSERT INTO lab.users_upper SELECT * FROM lab.users;
CREATE INDEX users_upper_email_idx ON lab.users_upper (upper(email));

ANALYZE;
