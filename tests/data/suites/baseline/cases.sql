-- name: item_by_id
-- params: random(1, 50000)
-- threshold: p99 < 1s
SELECT v FROM bl.items WHERE id = $1;

-- name: item_via_view
-- params: random(1, 50000)
SELECT v FROM bl.items_view WHERE id = $1;
