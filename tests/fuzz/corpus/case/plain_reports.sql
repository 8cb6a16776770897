-- Plain named statements, several to a file, with pgperf's own header keys.

-- name: books-per-year
-- description: how many books each year since a given one
-- threshold: p95 < 200ms
select year, count(*)
  from books
 where year >= :since
 group by year
 order by year;

-- name: author-books
-- params: sample(authors.author_id)
-- expect: index scan on public.books using books_author_idx
select title, isbn from books where author_id = $1;

-- name: recent-venues
-- params_from: SELECT city, status FROM venue WHERE songkick_id IS NOT NULL ORDER BY id
select count(*) from venue where city = $1 and status = $2;

-- name: authors-like
select author_id, name from authors where name like :pattern;
