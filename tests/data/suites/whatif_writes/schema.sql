CREATE TABLE t (id int PRIMARY KEY, grp int NOT NULL, flag text);
CREATE TABLE u (id int PRIMARY KEY, k int NOT NULL);
