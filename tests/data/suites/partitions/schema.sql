-- Partitioned and inherited tables: an assertion on the parent covers every partition or child.
CREATE SCHEMA part;
CREATE TABLE part.payment (
	id bigint NOT NULL,
	customer_id bigint NOT NULL,
	amount numeric(8, 2) NOT NULL,
	paid_at timestamptz NOT NULL
) PARTITION BY RANGE (paid_at);
CREATE TABLE part.payment_2026_01 PARTITION OF part.payment
	FOR VALUES FROM ('2026-01-01') TO ('2026-02-01');
CREATE TABLE part.payment_2026_02 PARTITION OF part.payment
	FOR VALUES FROM ('2026-02-01') TO ('2026-03-01');
CREATE TABLE part.payment_2026_03 PARTITION OF part.payment
	FOR VALUES FROM ('2026-03-01') TO ('2026-04-01');
CREATE INDEX payment_customer_idx ON part.payment (customer_id);
INSERT INTO part.payment
SELECT i, 1 + i % 3000, (i % 9000) / 100.0, timestamptz '2026-01-01' + (i % 89) * interval '1 day'
FROM generate_series(1, 90000) i;

-- Inheritance: a parent with rows of its own and a child.
CREATE TABLE part.events (id bigint PRIMARY KEY, kind text NOT NULL, at timestamptz NOT NULL);
CREATE TABLE part.events_archive () INHERITS (part.events);
CREATE INDEX events_archive_kind_idx ON part.events_archive (kind);
CREATE INDEX events_kind_idx ON part.events (kind);
INSERT INTO part.events SELECT i, 'k' || i % 500, now() FROM generate_series(1, 20000) i;
INSERT INTO part.events_archive SELECT i, 'k' || i % 500, now() FROM generate_series(20001, 60000) i;
VACUUM ANALYZE part.payment;
VACUUM ANALYZE part.events;
VACUUM ANALYZE part.events_archive;

-- Inheritance routed by a trigger: the parent keeps no rows, its child holds them all.
CREATE TABLE part.readings (id bigint NOT NULL, sensor integer NOT NULL, at timestamptz NOT NULL);
CREATE TABLE part.readings_2026 () INHERITS (part.readings);
CREATE INDEX readings_2026_sensor_idx ON part.readings_2026 (sensor);
INSERT INTO part.readings_2026
SELECT i, i % 500, timestamptz '2026-01-01' + i * interval '1 minute' FROM generate_series(1, 20000) i;

-- Partitions of which only the last has an index on kind (created on that partition alone).
CREATE TABLE part.events_local (id bigint NOT NULL, kind text NOT NULL) PARTITION BY RANGE (id);
CREATE TABLE part.events_local_1 PARTITION OF part.events_local FOR VALUES FROM (1) TO (20001);
CREATE TABLE part.events_local_2 PARTITION OF part.events_local FOR VALUES FROM (20001) TO (40001);
CREATE TABLE part.events_local_3 PARTITION OF part.events_local FOR VALUES FROM (40001) TO (60001);
CREATE INDEX events_local_3_kind_idx ON part.events_local_3 (kind);
INSERT INTO part.events_local SELECT i, 'k' || i % 400 FROM generate_series(1, 60000) i;
ANALYZE part.events_local;
