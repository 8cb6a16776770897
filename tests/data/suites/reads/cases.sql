-- name: rows_read_by_index
-- description: the index finds a category (20,000 rows); the filter keeps ten of them
-- set: enable_seqscan = off
-- set: enable_bitmapscan = off
SELECT id FROM r.items WHERE category = 0 AND note = 'rare';

-- name: rows_read_fixed
-- description: the twin: an index on both columns reads only what is returned
-- set: enable_seqscan = off
-- set: enable_bitmapscan = off
SELECT id FROM r.items_fixed WHERE category = 0 AND note = 'rare';

-- name: deep_offset
-- description: page 501 by OFFSET
SELECT id, price FROM r.items ORDER BY id LIMIT 10 OFFSET 5000;

-- name: keyset_page
-- description: the twin: the same page by keyset
SELECT id, price FROM r.items WHERE id > 5000 ORDER BY id LIMIT 10;

-- name: lateral_per_row_scan
-- description: the cheapest item of each label's note, a sequential scan per label
-- allow: seq scan
SELECT l.id, x.id FROM r.labels l
CROSS JOIN LATERAL (SELECT i.id FROM r.items i WHERE i.note = l.name ORDER BY i.price LIMIT 1) x;

-- name: lateral_by_index
-- description: the twin: an index on (note, price) makes each loop a lookup
SELECT l.id, x.id FROM r.labels l
CROSS JOIN LATERAL (SELECT i.id FROM r.items_fixed i WHERE i.note = l.name ORDER BY i.price LIMIT 1) x;

-- name: delete_unindexed_fk
-- description: deleting a parent no child points at: the foreign-key check reads r.child whole
-- params: random(50001, 60000)
DELETE FROM r.parent WHERE id = $1;

-- name: delete_indexed_fk
-- description: the twin: an index on the referencing column makes the check a lookup
-- params: random(50001, 60000)
DELETE FROM r.parent_fixed WHERE id = $1;

-- name: expect_met_by_walking
-- description: the expectation holds to the letter: the primary key is walked in order, and a
-- filter on another column picks the rows
-- expect: index scan on r.items
SELECT id FROM r.items WHERE price = 999 ORDER BY id LIMIT 5;

-- name: expect_met_by_searching
-- description: the twin: the index is searched
-- expect: index scan on r.items
SELECT id FROM r.items WHERE id BETWEEN 100 AND 110;

-- name: function_rows_unknown
-- description: a set-returning function's rows are a guess (1000): advice, not a warning, and
-- nothing above it is flagged for inheriting the guess
SELECT i.id, i.price FROM r.first_ids(5) f JOIN r.items i ON i.id = f;

-- name: tenant_index_only
-- description: expect is met by the tenant's index, which reads the tenant's 2000 rows to return one
-- params: random(1, 99999)
-- expect: index scan on r.accounts
SELECT id FROM r.accounts WHERE tenant = $1 % 50 AND email = 'user' || $1 || '@example.com';

-- name: tenant_email_index
-- description: the twin: an index on (tenant, email) reads the one row
-- params: random(1, 99999)
-- expect: index scan on r.accounts_fixed
SELECT id FROM r.accounts_fixed WHERE tenant = $1 % 50 AND email = 'user' || $1 || '@example.com';

-- name: join_keeps_few
-- description: every task read for a hash join that keeps one tenant's: tasks.project_id has no index
-- params: random(0, 499)
SELECT count(*) FROM r.tasks t JOIN r.projects p ON p.id = t.project_id WHERE p.tenant = $1;

-- name: join_keeps_few_fixed
-- description: the twin: an index on tasks.project_id
-- params: random(0, 499)
SELECT count(*) FROM r.tasks_fixed t JOIN r.projects p ON p.id = t.project_id WHERE p.tenant = $1;

-- name: semi_join_keeps_few
-- description: IN over a CTE's few rows is a hash semi join that reads every task: tasks.project_id has no index
-- params: random(0, 499)
WITH p AS MATERIALIZED (SELECT id FROM r.projects WHERE tenant = $1)
SELECT count(*) FROM r.tasks t WHERE t.project_id IN (SELECT id FROM p);

-- name: semi_join_keeps_few_fixed
-- description: the twin: an index on tasks.project_id
-- params: random(0, 499)
WITH p AS MATERIALIZED (SELECT id FROM r.projects WHERE tenant = $1)
SELECT count(*) FROM r.tasks_fixed t WHERE t.project_id IN (SELECT id FROM p);

-- name: index_without_leading_column
-- description: user_no is the index's second column: the whole index is read for a user's rows
-- params: random(0, 19999)
-- expect: index scan on r.notifications using notifications_user_idx
SELECT id FROM r.notifications WHERE user_no = $1 AND NOT sent;

-- name: index_with_leading_column
-- description: the twin: the tenant and the user, the index searched from its leading column
-- params: random(0, 19999)
-- expect: index scan on r.notifications using notifications_user_idx
SELECT id FROM r.notifications WHERE tenant_id = $1 % 500 AND user_no = $1 AND NOT sent;
