-- A helper script, not a case: excluded by pgperf.json ("helpers").
TRUNCATE layout_items;
