-- set:, buffers and rows thresholds, plan patterns and requires: kinds.

-- name: set_work_mem_fixes_disk_sort
-- iterations: 2
-- allow: seq scan
-- set: work_mem = '64MB', jit = off
SELECT id, note FROM lab.orders ORDER BY note;

-- name: set_unknown_setting
-- set: no_such_setting_here = 1
SELECT 1;

-- name: jit_reported
-- iterations: 1
-- allow: seq scan
-- set: jit = on, jit_above_cost = 0, jit_inline_above_cost = 0, jit_optimize_above_cost = 0
SELECT sum(total) FROM lab.orders;

-- name: buffers_within
-- params: 77
-- threshold: buffers < 10, rows < 2
SELECT id FROM lab.users WHERE id = $1;

-- name: buffers_exceeded
-- params: 'u77@example.com'
-- allow: seq scan
-- threshold: buffers < 10
SELECT id FROM lab.users WHERE email = $1;

-- name: expect_plan_met
-- params: 77
-- expect_plan: /Index Only Scan using users_pkey on lab\.users/
SELECT id FROM lab.users WHERE id = $1;

-- name: forbid_plan_hit
-- params: 'u77@example.com'
-- allow: seq scan
-- forbid_plan: /Seq Scan on lab\.users/
SELECT id FROM lab.users WHERE email = $1;

-- name: requires_schema_present
-- requires: schema other
SELECT count(*) FROM other.users;

-- name: requires_extension_missing
-- requires: extension hypopg
SELECT 1;

-- name: expect_plan_unmet
-- params: 77
-- expect_plan: /Hash Join/
SELECT id FROM lab.users WHERE id = $1;

-- name: forbid_plan_clear
-- params: 77
-- forbid_plan: /Seq Scan/
SELECT id FROM lab.users WHERE id = $1;
