-- name: two_sorts
-- description: one Sort spills to disk, the other sorts in memory: only the first is marked
-- set: work_mem = 64kB
-- set: enable_hashjoin = off
SELECT a.g, b.g
FROM (SELECT g, md5(g::text) AS h FROM generate_series(1, 20000) g ORDER BY h) a
JOIN (SELECT g FROM generate_series(1, 50) g ORDER BY g DESC) b ON a.g = b.g
ORDER BY a.g;
