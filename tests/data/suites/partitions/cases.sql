-- name: partitions_read_whole
-- description: every partition read by a Seq Scan: forbid on the parent must fail
-- params: random(1, 80)
-- forbid: seq scan on part.payment
SELECT count(*) FROM part.payment WHERE amount = $1::numeric;

-- name: partitions_by_index
-- description: the fixed twin: every partition read through its index
-- params: random(1, 3000)
-- forbid: seq scan on part.payment
-- expect: index scan on part.payment
SELECT count(*) FROM part.payment WHERE customer_id = $1;

-- name: partitions_expect_unmet
-- description: expect on the parent with no index serving the filter: fails naming a partition
-- params: random(1, 80)
-- expect: index scan on part.payment
SELECT count(*) FROM part.payment WHERE amount = $1::numeric;

-- name: pruned_to_one_partition
-- description: pruning leaves one partition, read through its index
-- params: random(1, 3000)
-- expect: index scan on part.payment
SELECT count(*) FROM part.payment
WHERE customer_id = $1 AND paid_at >= '2026-02-01' AND paid_at < '2026-03-01';

-- name: inherited_by_index
-- description: an inheritance parent and its child, both through an index
-- params: random(1, 499)
-- expect: index scan on part.events
SELECT count(*) FROM part.events WHERE kind = 'k' || $1::int;

-- name: inherited_child_seq
-- description: the child read whole while the parent's own rows use its primary key
-- params: random(1, 20000)
-- forbid: seq scan on part.events
SELECT count(*) FROM part.events WHERE id = $1 OR at < now() - interval '1 year';

-- name: n_plus_one_over_partitions
-- description: a correlated sub-query over the partitioned table, once per outer row
SELECT c.id, (SELECT sum(p.amount) FROM part.payment AS p WHERE p.customer_id = c.id) AS paid
  FROM generate_series(1, 100) AS c(id);

-- name: partitions_using_parent_index
-- description: using names the partitioned table's index: each partition's index attached to it counts
-- params: random(1, 3000)
-- expect: index scan on part.payment using payment_customer_idx
SELECT count(*) FROM part.payment WHERE customer_id = $1;

-- name: partitions_using_one_partition_index
-- description: the twin: one partition's own index is not the index of the others
-- params: random(1, 3000)
-- expect: index scan on part.payment using payment_2026_01_customer_id_idx
SELECT count(*) FROM part.payment WHERE customer_id = $1;

-- name: empty_parent_child_by_index
-- description: the empty inheritance parent's own scan reads nothing; its child goes through an index
-- params: random(0, 499)
-- forbid: seq scan on part.readings
-- expect: index scan on part.readings
SELECT count(*) FROM part.readings WHERE sensor = $1;

-- name: empty_parent_child_read_whole
-- description: the twin: the child read whole is forbidden
-- params: random(1, 100)
-- forbid: seq scan on part.readings
SELECT count(*) FROM part.readings WHERE id % 1000 = $1;

-- name: partition_without_index
-- description: one partition of three has the index: the diagnosis names a partition without it, not the one with it
-- params: random(1, 399)
-- expect: index scan on part.events_local
SELECT count(*) FROM part.events_local WHERE kind = 'k' || $1;

-- name: inherited_using_parent_index
-- description: using names the inheritance parent's index: the child's index of the same definition stands for it
-- params: random(1, 499)
-- expect: index scan on part.events using events_kind_idx
SELECT count(*) FROM part.events WHERE kind = 'k' || $1::int;

-- name: inherited_using_other_index
-- description: the twin: the parent's primary key is not what the child is read through
-- params: random(1, 499)
-- expect: index scan on part.events using events_pkey
SELECT count(*) FROM part.events WHERE kind = 'k' || $1::int;

-- name: misestimate_over_partitions
-- description: the same expression misestimated on each partition: said once, for the table
-- params: -5
-- allow: seq scan
SELECT count(*) FROM part.payment WHERE (amount * 100)::int = $1;
