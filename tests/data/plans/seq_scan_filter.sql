-- A filter without an index: the scan reads every row to return one.
SELECT id FROM app.documents WHERE title = 'report 17';
