-- Plan assertions, met and unmet.

-- name: expect_index_met
-- params: 77
-- expect: index scan on lab.users using users_pkey
SELECT email FROM lab.users WHERE id = $1;

-- name: expect_index_only_met
-- params: 77
-- expect: index only scan on users
SELECT id FROM lab.users WHERE id = $1;

-- name: expect_index_unmet
-- params: 'u77@example.com'
-- expect: index scan on lab.users
SELECT id FROM lab.users WHERE email = $1;

-- name: expect_index_only_for_order
-- description: with sequential scans off the primary key is walked for ORDER BY, but it does
-- not search on email: no index serves the filter, whatever the re-plan used
-- params: 'u77@example.com'
-- expect: index scan on lab.users
SELECT id FROM lab.users WHERE email = $1 ORDER BY id LIMIT 5;

-- name: expect_never_touched
-- params: 77
-- expect: index scan on lab.orders
SELECT id FROM lab.users WHERE id = $1;

-- name: expect_ambiguous
-- expect: index scan on users
SELECT count(*) FROM lab.users AS a JOIN other.users AS b ON b.id = a.id WHERE a.id < 5;

-- name: forbid_seq_scan_hit
-- params: 'u77@example.com'
-- forbid: seq scan on lab.users
SELECT id FROM lab.users WHERE email = $1;

-- name: forbid_seq_scan_clear
-- params: 77
-- forbid: seq scan
SELECT id FROM lab.users WHERE id = $1;

-- name: expect_index_not_chosen
-- allow: seq scan
-- expect: index scan on lab.users using users_team_idx
SELECT id FROM lab.users WHERE team >= 0;

-- name: expect_bitmap_and
-- description: a BitmapAnd of two indexes: the summary names both, not the first alone
-- params: random(0, 99), random(0, 99)
-- expect: index scan on lab.pairs using pairs_b_idx
SELECT id FROM lab.pairs WHERE a = $1 AND b = $2;

-- name: expect_index_tiny_table
-- description: a table of one page: the diagnosis says so, not "a cost or statistics question"
-- params: random(1, 20)
-- expect: index scan on lab.tiny
SELECT id FROM lab.tiny WHERE code = $1;

-- name: expect_gin_not_chosen
-- description: a GIN index serves @> but the planner reads the table: a cost question, not a missing index
-- params: '{"color": "red", "beta": true}'
-- expect: index scan on lab.docs using docs_settings_gin
SELECT id FROM lab.docs WHERE settings @> $1::jsonb;

-- name: expect_anti_join_inner
-- description: the anti-join's inner side could be looked up through comments_task_idx: a cost question, not "no condition"
-- params: 1000, 2000
-- expect: index scan on lab.comments
SELECT t.id FROM lab.tasks t WHERE t.id BETWEEN $1 AND $2
   AND NOT EXISTS (SELECT 1 FROM lab.comments c WHERE c.task_id = t.id);
