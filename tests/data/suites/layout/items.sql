-- name: count_items
SELECT count(*) FROM layout_items;
