-- name: customers_exist
SELECT count(*) FROM shop.customers;
