-- Each plan finding triggered, next to its fixed twin that stays quiet.

-- name: seq_scan_by_email
-- params: 'u77@example.com'
SELECT id FROM lab.users WHERE email = $1;

-- name: seq_scan_fixed_by_id
-- params: 77
SELECT id FROM lab.users WHERE id = $1;

-- name: seq_scan_whole_table_report
-- description: a report over every row reads the table whole, as it must: no finding
SELECT team, count(*) FROM lab.users GROUP BY team;

-- name: n_plus_one_subquery
SELECT u.id, (SELECT sum(o.total) FROM lab.orders AS o WHERE o.user_id = u.id) AS spent
  FROM lab.users AS u
 WHERE u.id <= 100;

-- name: n_plus_one_allowed
-- allow: n+1
SELECT u.id, (SELECT sum(o.total) FROM lab.orders AS o WHERE o.user_id = u.id) AS spent
  FROM lab.users AS u
 WHERE u.id <= 100;

-- name: n_plus_one_fixed_as_join
SELECT u.id, sum(o.total) AS spent
  FROM lab.users AS u
  LEFT JOIN lab.orders AS o ON o.user_id = u.id
 WHERE u.id <= 100
 GROUP BY u.id;

-- name: misestimate_correlated
-- allow: seq scan
SELECT id FROM lab.events WHERE a = 1 AND b = 1;

-- name: misestimate_fixed_with_statistics
-- allow: seq scan
SELECT id FROM lab.events_stats WHERE a = 1 AND b = 1;

-- name: misestimate_under_window
-- description: the misestimated scan under a Sort and a WindowAgg that pass its rows through: said once, on the scan
-- allow: seq scan
SELECT id, row_number() OVER (ORDER BY id) FROM lab.events WHERE a = 1 AND b = 1;

-- name: misestimate_under_window_fixed
-- description: the twin on the table with extended statistics
-- allow: seq scan
SELECT id, row_number() OVER (ORDER BY id) FROM lab.events_stats WHERE a = 1 AND b = 1;

-- name: misestimate_expression_filter
-- description: a filter on upper(email), which no statistics describe: the advice says so, not "stale statistics"
-- allow: seq scan
SELECT id FROM lab.users WHERE upper(email) = $1;

-- name: misestimate_expression_filter_fixed
-- description: the twin: an index on upper(email) gives the planner the expression's statistics
SELECT id FROM lab.users_upper WHERE upper(email) = $1;

-- name: disk_sort_whole_table
-- iterations: 2
-- allow: seq scan
SELECT id, note FROM lab.orders ORDER BY note;

-- name: disk_sort_fixed_top_n
-- iterations: 2
-- allow: seq scan
SELECT id, note FROM lab.orders ORDER BY note LIMIT 10;

-- name: misestimate_group_expression
-- description: GROUP BY an expression the planner has no statistics on: a group per row guessed
SELECT date_trunc('day', at) AS day, count(*) FROM lab.visits GROUP BY 1;

-- name: misestimate_group_expression_fixed
-- description: the twin: CREATE STATISTICS on the expression gives the planner its 90 groups
SELECT date_trunc('day', at) AS day, count(*) FROM lab.visits_stats GROUP BY 1;

-- name: parallel_whole_table_report
-- description: a report over every row, read by parallel workers: the scan's loops are its
-- processes, not repetitions per outer row: no finding
-- set: parallel_setup_cost = 0, parallel_tuple_cost = 0, min_parallel_table_scan_size = 0, max_parallel_workers_per_gather = 2
SELECT count(*), sum(total) FROM lab.orders;
