-- Administrators create staff accounts for the institutions in their own divisions (the
-- first administrator comes from the command line: `portal staff add --admin`).
ALTER TABLE staff ADD COLUMN is_admin INTEGER NOT NULL DEFAULT 0;
