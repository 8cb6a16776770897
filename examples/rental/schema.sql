--
-- A rental store's schema, the way pg_dump writes one: a partitioned payment table, views,
-- PL/pgSQL and SQL functions, triggers, an enum, a domain, a GiST index, a uuid key, junction
-- tables with composite keys, and ownership statements for a role that may not exist here.
--
CREATE SCHEMA rental;
ALTER SCHEMA rental OWNER TO postgres;

CREATE TYPE rental.mpaa_rating AS ENUM ('G', 'PG', 'PG-13', 'R', 'NC-17');
CREATE DOMAIN rental.year AS integer CONSTRAINT year_check CHECK (VALUE >= 1901 AND VALUE <= 2155);

CREATE FUNCTION rental.touch_last_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.last_update := now();
    RETURN NEW;
END
$$;
ALTER FUNCTION rental.touch_last_update() OWNER TO postgres;

CREATE TABLE rental.language (
    language_id serial PRIMARY KEY,
    name text NOT NULL,
    last_update timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE rental.category (
    category_id serial PRIMARY KEY,
    name text NOT NULL,
    last_update timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE rental.actor (
    actor_id serial PRIMARY KEY,
    first_name text NOT NULL,
    last_name text NOT NULL,
    last_update timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX actor_last_name_idx ON rental.actor (last_name);

CREATE TABLE rental.film (
    film_id serial PRIMARY KEY,
    title text NOT NULL,
    description text,
    release_year rental.year,
    language_id integer NOT NULL REFERENCES rental.language,
    rental_duration smallint NOT NULL DEFAULT 3,
    rental_rate numeric(4,2) NOT NULL DEFAULT 4.99,
    length smallint,
    rating rental.mpaa_rating DEFAULT 'G',
    special_features text[],
    fulltext tsvector NOT NULL,
    last_update timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX film_title_idx ON rental.film (title);
CREATE INDEX film_fulltext_idx ON rental.film USING gist (fulltext);
CREATE TRIGGER film_last_update BEFORE UPDATE ON rental.film
    FOR EACH ROW EXECUTE FUNCTION rental.touch_last_update();

CREATE TABLE rental.film_actor (
    actor_id integer NOT NULL REFERENCES rental.actor,
    film_id integer NOT NULL REFERENCES rental.film,
    last_update timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (actor_id, film_id)
);
CREATE INDEX film_actor_film_idx ON rental.film_actor (film_id);
CREATE TABLE rental.film_category (
    film_id integer NOT NULL REFERENCES rental.film,
    category_id integer NOT NULL REFERENCES rental.category,
    PRIMARY KEY (film_id, category_id)
);

CREATE TABLE rental.store (
    store_id serial PRIMARY KEY,
    name text NOT NULL,
    last_update timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE rental.staff (
    staff_id serial PRIMARY KEY,
    store_id integer NOT NULL REFERENCES rental.store,
    username text NOT NULL,
    last_update timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE rental.customer (
    customer_id serial PRIMARY KEY,
    store_id integer NOT NULL REFERENCES rental.store,
    first_name text NOT NULL,
    last_name text NOT NULL,
    email text NOT NULL,
    active boolean NOT NULL DEFAULT true,
    create_date date NOT NULL,
    last_update timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX customer_email_key ON rental.customer (email);
CREATE INDEX customer_last_name_idx ON rental.customer (last_name);
CREATE TRIGGER customer_last_update BEFORE UPDATE ON rental.customer
    FOR EACH ROW EXECUTE FUNCTION rental.touch_last_update();

-- A signed-in customer's session, keyed by a uuid.
CREATE TABLE rental.customer_session (
    token uuid PRIMARY KEY,
    customer_id integer NOT NULL REFERENCES rental.customer,
    created_at timestamptz NOT NULL
);

CREATE TABLE rental.inventory (
    inventory_id serial PRIMARY KEY,
    film_id integer NOT NULL REFERENCES rental.film,
    store_id integer NOT NULL REFERENCES rental.store,
    last_update timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX inventory_store_film_idx ON rental.inventory (store_id, film_id);

CREATE TABLE rental.rental (
    rental_id serial PRIMARY KEY,
    rental_date timestamptz NOT NULL,
    inventory_id integer NOT NULL REFERENCES rental.inventory,
    customer_id integer NOT NULL REFERENCES rental.customer,
    return_date timestamptz,
    staff_id integer NOT NULL REFERENCES rental.staff,
    last_update timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX rental_customer_idx ON rental.rental (customer_id);
CREATE INDEX rental_inventory_idx ON rental.rental (inventory_id);
CREATE TRIGGER rental_last_update BEFORE UPDATE ON rental.rental
    FOR EACH ROW EXECUTE FUNCTION rental.touch_last_update();

-- Payments by month. payment.rental_id references rental but has no index of its own.
CREATE TABLE rental.payment (
    payment_id bigserial,
    customer_id integer NOT NULL REFERENCES rental.customer,
    staff_id integer NOT NULL REFERENCES rental.staff,
    rental_id integer REFERENCES rental.rental,
    amount numeric(5,2) NOT NULL,
    payment_date timestamptz NOT NULL,
    PRIMARY KEY (payment_date, payment_id)
) PARTITION BY RANGE (payment_date);
CREATE TABLE rental.payment_2026_01 PARTITION OF rental.payment
    FOR VALUES FROM ('2026-01-01 00:00:00+00') TO ('2026-02-01 00:00:00+00');
CREATE TABLE rental.payment_2026_02 PARTITION OF rental.payment
    FOR VALUES FROM ('2026-02-01 00:00:00+00') TO ('2026-03-01 00:00:00+00');
CREATE TABLE rental.payment_2026_03 PARTITION OF rental.payment
    FOR VALUES FROM ('2026-03-01 00:00:00+00') TO ('2026-04-01 00:00:00+00');
CREATE TABLE rental.payment_2026_04 PARTITION OF rental.payment
    FOR VALUES FROM ('2026-04-01 00:00:00+00') TO ('2026-05-01 00:00:00+00');
CREATE TABLE rental.payment_2026_05 PARTITION OF rental.payment
    FOR VALUES FROM ('2026-05-01 00:00:00+00') TO ('2026-06-01 00:00:00+00');
CREATE TABLE rental.payment_2026_06 PARTITION OF rental.payment
    FOR VALUES FROM ('2026-06-01 00:00:00+00') TO ('2026-07-01 00:00:00+00');
CREATE INDEX payment_customer_idx ON rental.payment (customer_id);
ALTER TABLE rental.payment OWNER TO postgres;

-- Is this copy of a film in the store (no rental of it still out)?
CREATE FUNCTION rental.inventory_in_stock(p_inventory_id integer) RETURNS boolean
    LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN NOT EXISTS (SELECT 1 FROM rental.rental
                        WHERE inventory_id = p_inventory_id AND return_date IS NULL);
END
$$;

-- The copies of a film a store has in stock.
CREATE FUNCTION rental.film_in_stock(p_film_id integer, p_store_id integer)
    RETURNS SETOF integer LANGUAGE sql STABLE AS $$
    SELECT inventory_id FROM rental.inventory
     WHERE film_id = p_film_id AND store_id = p_store_id
       AND rental.inventory_in_stock(inventory_id)
$$;

-- What a customer paid in all.
CREATE FUNCTION rental.customer_paid(p_customer_id integer) RETURNS numeric
    LANGUAGE sql STABLE AS $$
    SELECT coalesce(sum(amount), 0) FROM rental.payment WHERE customer_id = p_customer_id
$$;

CREATE VIEW rental.customer_list AS
    SELECT c.customer_id AS id, c.first_name || ' ' || c.last_name AS name, c.email,
           c.active, s.name AS store
      FROM rental.customer AS c JOIN rental.store AS s USING (store_id);

CREATE VIEW rental.film_list AS
    SELECT f.film_id AS fid, f.title, f.description, c.name AS category, f.rental_rate AS price,
           f.length, f.rating
      FROM rental.film AS f
      JOIN rental.film_category AS fc USING (film_id)
      JOIN rental.category AS c USING (category_id);

CREATE VIEW rental.sales_by_store AS
    SELECT s.name AS store, sum(p.amount) AS total_sales
      FROM rental.payment AS p
      JOIN rental.staff AS st USING (staff_id)
      JOIN rental.store AS s ON s.store_id = st.store_id
     GROUP BY s.name;

GRANT SELECT ON ALL TABLES IN SCHEMA rental TO reporting;
