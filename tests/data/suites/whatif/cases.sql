-- name: orders_of_customer
-- description: a customer's orders: the foreign key has no index
-- params: random(1, 2000)
-- expect: index scan on shop.orders
SELECT id, status, total FROM shop.orders WHERE customer_id = $1;

-- name: order_by_id
-- description: one order by its primary key
-- params: random(1, 60000)
-- expect: index scan on shop.orders using orders_pkey
SELECT id, status, total FROM shop.orders WHERE id = $1;

-- name: customer_order_count
-- description: a customer and the number of their orders, through the join
-- params: random(1, 2000)
SELECT c.name, count(o.id)
FROM shop.customers c JOIN shop.orders o ON o.customer_id = c.id
WHERE c.id = $1
GROUP BY c.name;
