-- Plans that do far more work than they return, each beside a table where the same query does
-- not: rows read through an index whose leading column is not the filtered one, OFFSET
-- pagination, a per-row scan through LATERAL, and a foreign key with no index on its
-- referencing side.
CREATE SCHEMA r;
CREATE TABLE r.items (id bigint PRIMARY KEY, category int NOT NULL, note text NOT NULL,
		      price int NOT NULL);
INSERT INTO r.items SELECT i, i % 5, CASE WHEN i % 2000 = 0 THEN 'rare' ELSE 'n' || i % 20 END,
       (i * 7919) % 1000 FROM generate_series(1, 100000) i;
CREATE INDEX items_category_idx ON r.items (category);
CREATE TABLE r.items_fixed (LIKE r.items INCLUDING ALL);
INSERT INTO r.items_fixed SELECT * FROM r.items;
CREATE INDEX items_fixed_category_note_idx ON r.items_fixed (category, note);
CREATE INDEX items_fixed_note_price_idx ON r.items_fixed (note, price);
CREATE TABLE r.labels (id int PRIMARY KEY, name text NOT NULL);
INSERT INTO r.labels SELECT i, 'n' || i % 20 FROM generate_series(1, 20) i;

CREATE TABLE r.parent (id bigint PRIMARY KEY);
CREATE TABLE r.child (id bigint PRIMARY KEY, parent_id bigint NOT NULL REFERENCES r.parent);
INSERT INTO r.parent SELECT generate_series(1, 60000);
INSERT INTO r.child SELECT i, 1 + i % 50000 FROM generate_series(1, 100000) i;
CREATE TABLE r.parent_fixed (id bigint PRIMARY KEY);
CREATE TABLE r.child_fixed (id bigint PRIMARY KEY,
			    parent_id bigint NOT NULL REFERENCES r.parent_fixed);
INSERT INTO r.parent_fixed SELECT generate_series(1, 60000);
INSERT INTO r.child_fixed SELECT i, 1 + i % 50000 FROM generate_series(1, 100000) i;
CREATE INDEX child_fixed_parent_idx ON r.child_fixed (parent_id);
-- A set-returning function with no ROWS: the planner assumes 1000 rows.
CREATE FUNCTION r.first_ids(n int) RETURNS SETOF bigint LANGUAGE plpgsql AS
$$ BEGIN RETURN QUERY SELECT generate_series(1, n)::bigint; END $$;
VACUUM ANALYZE r.items;
VACUUM ANALYZE r.items_fixed;
VACUUM ANALYZE r.labels;
VACUUM ANALYZE r.parent;
VACUUM ANALYZE r.child;
VACUUM ANALYZE r.parent_fixed;
VACUUM ANALYZE r.child_fixed;

-- A multi-tenant table: 50 tenants of 2000 rows, an index on the tenant alone; its twin has
-- one on (tenant, email).
CREATE TABLE r.accounts (id bigint PRIMARY KEY, tenant int NOT NULL, email text NOT NULL);
INSERT INTO r.accounts SELECT i, i % 50, 'user' || i || '@example.com' FROM generate_series(1, 100000) i;
CREATE INDEX accounts_tenant_idx ON r.accounts (tenant);
CREATE TABLE r.accounts_fixed (LIKE r.accounts INCLUDING ALL);
INSERT INTO r.accounts_fixed SELECT * FROM r.accounts;
CREATE INDEX accounts_fixed_tenant_email_idx ON r.accounts_fixed (tenant, email);
VACUUM ANALYZE r.accounts;
VACUUM ANALYZE r.accounts_fixed;

-- A tenant's projects joined to their tasks: no index on tasks.project_id; its twin has one.
CREATE TABLE r.projects (id integer PRIMARY KEY, tenant integer NOT NULL);
INSERT INTO r.projects SELECT i, i % 500 FROM generate_series(1, 3000) i;
CREATE INDEX projects_tenant_idx ON r.projects (tenant);
CREATE TABLE r.tasks (id integer PRIMARY KEY, project_id integer NOT NULL REFERENCES r.projects);
INSERT INTO r.tasks SELECT i, 1 + i % 3000 FROM generate_series(1, 300000) i;
CREATE TABLE r.tasks_fixed (LIKE r.tasks INCLUDING ALL);
INSERT INTO r.tasks_fixed SELECT * FROM r.tasks;
CREATE INDEX tasks_fixed_project_idx ON r.tasks_fixed (project_id);
VACUUM ANALYZE r.projects;
VACUUM ANALYZE r.tasks;
VACUUM ANALYZE r.tasks_fixed;

-- Notifications indexed on (tenant_id, user_no): searched by user_no alone, the index is read whole.
CREATE TABLE r.notifications (id integer PRIMARY KEY, tenant_id integer NOT NULL, user_no integer NOT NULL, sent boolean NOT NULL);
INSERT INTO r.notifications SELECT i, i % 500, i % 20000, i % 3 = 0 FROM generate_series(1, 300000) i;
CREATE INDEX notifications_user_idx ON r.notifications (tenant_id, user_no);
VACUUM ANALYZE r.notifications;
