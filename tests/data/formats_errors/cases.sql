-- Statements pgperf cannot time, and parameters it cannot give values, next to twins it can.

-- name: ClearBooks :exec
TRUNCATE books;

-- name: DeleteAllBooks :exec
DELETE FROM books;

-- name: SetWorkMem :exec
SET work_mem = '64MB';

-- name: work-mem-set
-- set: work_mem = '64MB'
SELECT count(*) FROM books;

-- name: Begin :exec
BEGIN;

-- name: create-table#
CREATE TABLE scratch (id int);

-- name: select-into
SELECT * INTO scratch FROM books;

-- name: Vacuum :exec
VACUUM books;

-- name: SayHello :one
SELECT lower($1);

-- name: SayHelloGiven :one
-- params: 'World'
SELECT lower($1);

-- name: AuditFor :many
SELECT * FROM audit_log WHERE actor = $1;

-- name: Audit :exec
INSERT INTO audit_log (actor, action, at, note) VALUES ($1, $2, $3, $4);
