-- Back-office reports.

-- name: top_customers
-- description: a report over all payments, joined to customers
-- threshold: p95 < 250ms
SELECT c.customer_id, c.email, sum(p.amount) AS paid
  FROM rental.payment AS p JOIN rental.customer AS c USING (customer_id)
 GROUP BY c.customer_id, c.email
 ORDER BY paid DESC
 LIMIT 10;

-- name: overdue_rentals
-- description: rentals still out after a week
SELECT rental_id, customer_id, rental_date FROM rental.rental
 WHERE return_date IS NULL AND rental_date < '2026-06-20 00:00:00+00';

-- name: spent_per_customer
-- description: the loyalty page sums each customer's payments in a subquery
SELECT c.customer_id,
       (SELECT sum(p.amount) FROM rental.payment AS p WHERE p.customer_id = c.customer_id) AS spent
  FROM rental.customer AS c
 WHERE c.store_id = 1 AND c.active
 LIMIT 200;

-- name: stock_by_store
SELECT i.store_id, count(*) FILTER (WHERE rental.inventory_in_stock(i.inventory_id)) AS in_stock
  FROM rental.inventory AS i
 WHERE i.film_id = 17
 GROUP BY i.store_id;
