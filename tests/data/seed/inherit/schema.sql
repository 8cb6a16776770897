-- Inheritance as it was done before declarative partitioning: a parent that keeps no rows, a
-- child per quarter, and a BEFORE INSERT trigger on the parent routing each row to its child.
CREATE SCHEMA hist;
CREATE TABLE hist.measurement (
    city_id integer NOT NULL,
    logdate date NOT NULL,
    peaktemp integer
);
CREATE TABLE hist.measurement_2026q1 (CHECK (logdate >= '2026-01-01' AND logdate < '2026-04-01'))
    INHERITS (hist.measurement);
CREATE TABLE hist.measurement_2026q2 (CHECK (logdate >= '2026-04-01' AND logdate < '2026-07-01'))
    INHERITS (hist.measurement);
CREATE INDEX measurement_2026q1_city ON hist.measurement_2026q1 (city_id);
CREATE INDEX measurement_2026q2_city ON hist.measurement_2026q2 (city_id);

CREATE FUNCTION hist.measurement_route() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.logdate < '2026-04-01' THEN
        INSERT INTO hist.measurement_2026q1 VALUES (NEW.*);
    ELSE
        INSERT INTO hist.measurement_2026q2 VALUES (NEW.*);
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER measurement_route BEFORE INSERT ON hist.measurement
    FOR EACH ROW EXECUTE FUNCTION hist.measurement_route();
