-- A table and a view the baseline test changes between runs.
CREATE SCHEMA bl;
CREATE TABLE bl.items (id integer PRIMARY KEY, v text NOT NULL);
INSERT INTO bl.items SELECT g, 'item ' || g FROM generate_series(1, 50000) AS g;
CREATE VIEW bl.items_view AS SELECT id, v FROM bl.items;
ANALYZE;
