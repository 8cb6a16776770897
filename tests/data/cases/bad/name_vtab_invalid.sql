-- expect-error: name_vtab_invalid.sql:2: invalid case name "x y": expected letters, digits, _ . - only
-- name:x y
SELECT 1;
