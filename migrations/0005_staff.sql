-- Staff of the service institutions. An account sees only the divisions under `scope` (a
-- division-code prefix: 43 = the province, 4301 = 长沙市, 430104 = 岳麓区, …).
CREATE TABLE staff (
    id               TEXT PRIMARY KEY,
    username         TEXT NOT NULL UNIQUE,
    password_hash    TEXT NOT NULL,
    phone_enc        TEXT NOT NULL,
    phone_hash       TEXT NOT NULL,
    institution_code TEXT NOT NULL REFERENCES institutions (code),
    scope            TEXT NOT NULL,
    created_at       BIGINT NOT NULL,
    failed_logins    INTEGER NOT NULL DEFAULT 0,
    locked_until     BIGINT
);

CREATE TABLE staff_sessions (
    token_digest TEXT PRIMARY KEY,
    staff_id     TEXT NOT NULL REFERENCES staff (id),
    created_at   BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL
);

-- Who did what, when, from where and why. Rows are only ever inserted.
CREATE TABLE audit_log (
    id       TEXT PRIMARY KEY,   -- time-ordered: nanoseconds, then a random tail
    at       BIGINT NOT NULL,
    staff_id TEXT NOT NULL REFERENCES staff (id),
    action   TEXT NOT NULL,
    subject  TEXT NOT NULL,
    client   TEXT NOT NULL,
    reason   TEXT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);

-- Whose code it is: 'citizen', or 'staff:<id>' for a staff member's second factor.
ALTER TABLE login_codes ADD COLUMN purpose TEXT NOT NULL DEFAULT 'citizen';
