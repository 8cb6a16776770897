-- expect-error: buffers_unit.sql:3: invalid threshold limit "5ms" for buffers: expected a whole number
-- name: b
-- threshold: buffers < 5ms
SELECT 1;
