-- expect-error: hex_duration.sql:3: invalid threshold limit "0x10ms": expected the unit us, ms or s
-- name: hex
-- threshold: p99 < 0x10ms
SELECT 1;
