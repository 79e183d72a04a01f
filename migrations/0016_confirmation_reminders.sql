-- The monthly 就业失业动态确认 reminder: at most one per registration and month, whichever
-- app server claims it first; its notice is written in the same transaction.
CREATE TABLE confirmation_reminders (
    registration_id TEXT NOT NULL REFERENCES registrations (id),
    month           TEXT NOT NULL,            -- YYYY-MM
    at              BIGINT NOT NULL,
    PRIMARY KEY (registration_id, month)
);
