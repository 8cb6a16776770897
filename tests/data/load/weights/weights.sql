-- name: rare
-- weight: 1
SELECT 1;

-- name: common
-- weight: 4
-- think: 5ms
-- threshold: p95@3 < 10s
SELECT 2;
