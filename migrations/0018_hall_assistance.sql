-- 大厅协助办理: a staff member at a service hall starts a session for a person who is present,
-- once the person has read out the SMS code sent to their own phone. The session, and an
-- application submitted in it, keep which staff member helped.
ALTER TABLE sessions ADD COLUMN assisted_by TEXT REFERENCES staff (id);
ALTER TABLE registrations ADD COLUMN channel TEXT NOT NULL DEFAULT 'online';  -- online | hall
ALTER TABLE registrations ADD COLUMN assisted_by TEXT REFERENCES staff (id);
