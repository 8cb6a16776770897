-- A write case that touches every page of safe.ios, then a read answered by an index-only scan.
-- Rolled back, the updates still leave dead tuples and clear every page's visibility-map bit:
-- unless the table is vacuumed in between, the scan must fetch heap pages.
-- name: touch_every_page
-- iterations: 3
-- warmup: 0
UPDATE safe.ios SET pad = pad + 1;

-- name: index_only_read
-- iterations: 3
-- warmup: 0
-- set: enable_seqscan = off, enable_bitmapscan = off, max_parallel_workers_per_gather = 0
-- expect: index only scan on safe.ios
SELECT count(id) FROM safe.ios WHERE id <= 20000;
