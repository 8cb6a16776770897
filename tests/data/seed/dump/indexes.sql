-- Secondary indexes, built after the data.
CREATE INDEX orders_placed_on_idx ON store.orders (placed_on);
CREATE INDEX shipments_order_token_idx ON store.shipments (order_token);
