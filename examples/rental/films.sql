-- The catalogue.

-- name: film_by_id
-- params: random(1, 2000)
SELECT film_id, title, description, rating, rental_rate, special_features
  FROM rental.film WHERE film_id = $1;

-- name: film_search
-- description: full-text search through the GiST index
-- params: 'lorem'
-- expect: index scan on rental.film using film_fulltext_idx
SELECT film_id, title FROM rental.film WHERE fulltext @@ to_tsquery('simple', $1) LIMIT 50;

-- name: film_cast
-- params: random(1, 2000)
-- expect: index scan on rental.film_actor
SELECT a.first_name, a.last_name
  FROM rental.film_actor AS fa JOIN rental.actor AS a USING (actor_id)
 WHERE fa.film_id = $1;

-- name: film_in_stock
-- description: a set-returning SQL function calling a PL/pgSQL one per copy
-- params: random(1, 2000), random(1, 2)
SELECT * FROM rental.film_in_stock($1, $2);

-- name: films_in_category
-- params: 'category 7'
SELECT fid, title, price FROM rental.film_list WHERE category = $1 ORDER BY title LIMIT 30;

-- name: films_by_rating
-- params: 'PG-13'
SELECT film_id, title FROM rental.film WHERE rating = $1::rental.mpaa_rating ORDER BY title LIMIT 20;
