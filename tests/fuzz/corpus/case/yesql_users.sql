-- name: users-by-country
-- Counts the users of one first name.
SELECT count(*) AS count
FROM users
WHERE firstname = :firstname

-- name: user-by-username
SELECT userid, api_key, username, prefs
FROM users
WHERE username = :username

-- name: save-user<!
-- Inserts a user.
INSERT INTO users (api_key, username, firstname, lastname)
VALUES (:api_key, :username, :firstname, :lastname)

-- name: user-by-key
SELECT userid, username FROM users WHERE api_key = :api_key

-- name: rename-user!
UPDATE users
SET firstname = :firstname, lastname = :lastname
WHERE userid = :userid
