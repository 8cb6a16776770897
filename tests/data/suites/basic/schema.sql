-- The schema the basic integration suite runs against.
CREATE SCHEMA app;
CREATE TABLE app.items (
	id bigint PRIMARY KEY,
	name text NOT NULL,
	qty integer NOT NULL
);
INSERT INTO app.items SELECT g, 'item ' || g, g % 7 FROM generate_series(1, 1000) AS g;
CREATE TABLE app.events (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	item_id bigint NOT NULL REFERENCES app.items,
	note text NOT NULL UNIQUE
);
INSERT INTO app.events (item_id, note) SELECT g, 'event ' || g FROM generate_series(1, 50) AS g;
ANALYZE;
