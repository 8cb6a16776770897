-- What the counter staff do. pgperf rolls every write back.

-- name: rent_a_film
-- params: random(1, 8000), random(1, 10000), random(1, 4)
INSERT INTO rental.rental (rental_date, inventory_id, customer_id, staff_id)
VALUES (now(), $1, $2, $3) RETURNING rental_id;

-- name: return_a_film
-- params: random(1, 80000)
UPDATE rental.rental SET return_date = now() WHERE rental_id = $1;

-- name: delete_unpaid_rental
-- description: a rental no payment refers to; the foreign key's check reads payment by rental_id
-- params_from: SELECT r.rental_id FROM rental.rental AS r WHERE NOT EXISTS (SELECT 1 FROM rental.payment AS p WHERE p.rental_id = r.rental_id) LIMIT 500
DELETE FROM rental.rental WHERE rental_id = $1;

-- name: rename_customer
-- params: random(1, 10000)
UPDATE rental.customer SET last_name = upper(last_name) WHERE customer_id = $1;
