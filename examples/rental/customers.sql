-- The customer pages of the store's web application.

-- name: customer_by_id
-- params: random(1, 10000)
-- expect: index scan on rental.customer
SELECT customer_id, first_name, last_name, email, active
  FROM rental.customer WHERE customer_id = $1;

-- name: customer_by_email
-- description: sign-in looks the customer up by e-mail
-- params: 'customer4242@example.com'
-- expect: index scan on rental.customer using customer_email_key
SELECT customer_id, first_name, last_name FROM rental.customer WHERE email = $1;

-- name: customer_by_session
-- description: every signed-in request resolves its session token (a uuid key)
-- params: sample(rental.customer_session.token)
-- expect: index scan on rental.customer_session
SELECT c.customer_id, c.first_name, c.email
  FROM rental.customer_session AS s
  JOIN rental.customer AS c USING (customer_id)
 WHERE s.token = $1;

-- name: customer_card
-- description: the view the support desk opens
-- params: random(1, 10000)
SELECT id, name, email, store FROM rental.customer_list WHERE id = $1;

-- name: customer_recent_rentals
-- params: random(1, 10000)
-- expect: index scan on rental.rental
SELECT r.rental_id, r.rental_date, r.return_date, f.title
  FROM rental.rental AS r
  JOIN rental.inventory AS i USING (inventory_id)
  JOIN rental.film AS f USING (film_id)
 WHERE r.customer_id = $1
 ORDER BY r.rental_date DESC
 LIMIT 20;

-- name: customer_payments
-- description: the customer's last payments, across the monthly partitions
-- params: random(1, 10000)
-- expect: index scan on rental.payment
SELECT payment_id, amount, payment_date
  FROM rental.payment WHERE customer_id = $1
 ORDER BY payment_date DESC
 LIMIT 10;

-- name: customer_paid_total
-- params: random(1, 10000)
SELECT rental.customer_paid($1);

-- name: customers_page_offset
-- description: the admin list, page 251 of 20
SELECT customer_id, first_name, last_name FROM rental.customer
 ORDER BY customer_id LIMIT 20 OFFSET 5000;

-- name: customers_page_keyset
-- description: the same page by keyset
-- params: 5000
SELECT customer_id, first_name, last_name FROM rental.customer
 WHERE customer_id > $1 ORDER BY customer_id LIMIT 20;
