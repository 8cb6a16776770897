-- Every header key, read back by check_case.c.

-- name: everything
-- description: a case using every key
-- iterations: 250
-- warmup: 0
-- threshold: p50 < 250us, p95 < 1.5ms
-- threshold: max < 2s
-- params: 42, 'it''s', NULL
-- params: random(-5, 5), choice('open', 'closed', NULL), true
-- timeout: 5s
-- tags: smoke, sessions
-- requires: app.items, app
-- expect: index scan on app.items using items_pkey
-- expect: index only scan on items
-- forbid: seq scan on app.items
-- forbid: seq scan
-- allow: seq scan
-- allow: n+1
-- warn_margin: 0.5
-- set: work_mem = '64MB', jit TO off
-- expect_plan: /Index Scan using \w+_pkey/
-- threshold: buffers < 100, rows < 10
SELECT $1::int, $2::text, $3::text, $4::int, $5::text, $6::bool
  FROM app.items -- a comment inside the SQL stays
 WHERE true;

-- name: defaults_only
-- A plain comment after the header ends it.
SELECT 1

-- name: writes_in_cte
WITH moved AS (
  UPDATE app.items SET qty = qty + 1 RETURNING id
)
SELECT count(*) FROM moved;

-- name: merge.v15
MERGE INTO app.items t USING (SELECT 1 AS id) s ON t.id = s.id
WHEN MATCHED THEN UPDATE SET qty = 0;
