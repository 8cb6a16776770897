-- name: count_t
-- description: a count no index on u can change
SELECT count(*) FROM t WHERE flag = 'a';

-- name: touch_grp
-- description: a write case: its executions, rolled back, leave t larger than it was planned at first
-- params: 30
UPDATE t SET flag = 'b' WHERE grp = $1;

-- name: u_by_k
-- params: 42
SELECT * FROM u WHERE k = $1;
