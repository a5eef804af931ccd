-- Every silent authentication rewrites expires_at. Indexing it made each touch a non-HOT update
-- (new entries in every index, a dead tuple per request), and the hourly purge's predicate
-- (coalesce(ended_at, expires_at)) never used it. Without it, touches can stay HOT.
drop index if exists idp_session_expired;
