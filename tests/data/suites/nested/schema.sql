-- Work a statement hands to functions and triggers, which its own EXPLAIN does not show.
CREATE SCHEMA fn;
CREATE TABLE fn.readings (id bigint PRIMARY KEY, sensor integer NOT NULL, v integer NOT NULL);
CREATE INDEX readings_sensor_idx ON fn.readings (sensor);
INSERT INTO fn.readings SELECT i, i % 500, i % 97 FROM generate_series(1, 50000) i;

-- PL/pgSQL: a count by an unindexed column (a sequential scan), and one by an indexed column.
CREATE FUNCTION fn.count_by_value(x integer) RETURNS bigint LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN (SELECT count(*) FROM fn.readings WHERE v = x);
END
$$;
CREATE FUNCTION fn.count_by_sensor(s integer) RETURNS bigint LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN (SELECT count(*) FROM fn.readings WHERE sensor = s);
END
$$;
-- A SQL function the planner does not inline (it has a FROM): its query is planned apart.
CREATE FUNCTION fn.sql_count_by_value(x integer) RETURNS bigint LANGUAGE sql STABLE AS $$
    SELECT count(*) FROM fn.readings WHERE v = x
$$;

-- The same as a SQL function written the usual way, its body on lines of its own.
CREATE FUNCTION fn.sql_count_by_sensor(s integer) RETURNS bigint LANGUAGE sql STABLE AS $$
    SELECT count(*) FROM fn.readings WHERE sensor = s
$$;

-- A trigger: each insert into alerts looks up the sensor's readings (by the unindexed v).
CREATE TABLE fn.alerts (id bigserial PRIMARY KEY, v integer NOT NULL, seen bigint);
CREATE FUNCTION fn.alerts_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.seen := (SELECT count(*) FROM fn.readings WHERE v = NEW.v);
    RETURN NEW;
END
$$;
CREATE TRIGGER alerts_count BEFORE INSERT ON fn.alerts
    FOR EACH ROW EXECUTE FUNCTION fn.alerts_count();

-- An audit trigger that costs little: an insert per updated row.
CREATE TABLE fn.items (id integer PRIMARY KEY, v integer NOT NULL);
INSERT INTO fn.items SELECT i, 0 FROM generate_series(1, 1000) i;
CREATE TABLE fn.items_audit (id bigserial PRIMARY KEY, item integer NOT NULL, at timestamptz NOT NULL DEFAULT now());
CREATE FUNCTION fn.items_audit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO fn.items_audit (item) VALUES (NEW.id);
    RETURN NEW;
END
$$;
CREATE TRIGGER items_audit AFTER UPDATE ON fn.items
    FOR EACH ROW EXECUTE FUNCTION fn.items_audit();

-- A partitioned table read through a view, once per call: the partitions' scans are one N+1.
CREATE TABLE fn.metrics (id bigint NOT NULL, region integer NOT NULL, v integer NOT NULL)
    PARTITION BY LIST (region);
CREATE TABLE fn.metrics_0 PARTITION OF fn.metrics FOR VALUES IN (0);
CREATE TABLE fn.metrics_1 PARTITION OF fn.metrics FOR VALUES IN (1);
CREATE TABLE fn.metrics_2 PARTITION OF fn.metrics FOR VALUES IN (2);
INSERT INTO fn.metrics SELECT i, i % 3, i % 97 FROM generate_series(1, 30000) i;
ANALYZE fn.metrics;
CREATE VIEW fn.metrics_live AS SELECT * FROM fn.metrics WHERE region <> 9;
CREATE FUNCTION fn.metrics_by_value(x integer) RETURNS bigint LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN (SELECT count(*) FROM fn.metrics_live WHERE v = x);
END
$$;
