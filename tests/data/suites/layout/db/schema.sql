-- A schema file next to the cases: named in pgperf.json, so not read as a case.
CREATE TABLE layout_items (id int PRIMARY KEY);
