-- :name insert-character :! :n
-- :doc Insert a single character
insert into characters (name, specialty)
values (:name, :specialty)

-- :name character-by-id :? :1
-- :doc Get character by id
select * from characters
where id = :id

-- :name characters-by-ids-specify-cols :? :*
-- :doc Characters with returned columns specified
select name, specialty from characters
where id in (:v*:ids)

-- :name update-character-specialty :! :n
update characters
set specialty = :v:specialty
where id = :id

-- :name recent-characters :? :*
select id, name from characters
where created_at > :since
order by created_at desc
limit :limit
