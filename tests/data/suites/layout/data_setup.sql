-- Excluded by the pattern "*_setup.sql".
INSERT INTO layout_items SELECT generate_series(1, 10);
