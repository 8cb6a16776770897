-- name: too_many_params
-- $70000: more parameters than the protocol carries
SELECT $70000;
