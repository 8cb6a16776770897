-- name: get-all-blogs
-- Fetch every blog with its author's name.
select blogid,
       title,
       published,
       username
  from blogs
  join users using (userid)
 order by published desc
 limit 50;

-- name: get-user-blogs
-- record_class: UserBlogSummary
-- Get blogs authored by a user, newest first.
  select title,
         published
    from blogs
   where userid = :userid
order by published desc;

-- name: get-blog-by-id^
select * from blogs where blogid = :blogid;

-- name: count-user-blogs$
select count(*) from blogs where userid = :userid;

-- name: publish-blog<!
insert into blogs (
  userid,
  title,
  content,
  published
)
values (
  :userid,
  :title,
  :content,
  :published
)
returning blogid, title;

-- name: rate-blog!
update blogs set score = :score where blogid = :blogid;

-- name: remove-blog!
-- Remove a blog from the database
delete from blogs where blogid = :blogid;

-- name: bulk-publish*!
-- Insert many blogs at once
insert into blogs (userid, title, content, published) values (:userid, :title, :content, :published);

-- name: search-titles
-- Titles like a pattern, with a cast and a string holding ':name' left alone.
select blogid, title::text, ':not_a_param' as label
  from blogs
 where title like :pattern
 limit 20;
