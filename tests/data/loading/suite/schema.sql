CREATE TABLE s (x int);
