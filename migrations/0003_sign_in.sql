-- People who signed in, their one-time codes and their sessions. Times are Unix seconds.
-- Phone numbers are stored encrypted (*_enc: key id + AES-256-GCM) beside a keyed hash
-- (*_hash: HMAC-SHA-256) for exact lookup; nothing here holds a number in clear.
CREATE TABLE persons (
    id         TEXT PRIMARY KEY,
    phone_hash TEXT NOT NULL UNIQUE,
    phone_enc  TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

-- One row per code sent. The row's id is the challenge the browser holds; the code itself is
-- kept only as a keyed hash bound to that challenge.
CREATE TABLE login_codes (
    id          TEXT PRIMARY KEY,
    phone_hash  TEXT NOT NULL,
    phone_enc   TEXT NOT NULL,
    client_hash TEXT NOT NULL,
    code_hash   TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    used_at     BIGINT
);
CREATE INDEX login_codes_phone ON login_codes (phone_hash, created_at);
CREATE INDEX login_codes_client ON login_codes (client_hash, created_at);

-- The cookie holds a random token; the table holds only its SHA-256.
CREATE TABLE sessions (
    token_digest TEXT PRIMARY KEY,
    person_id    TEXT NOT NULL REFERENCES persons (id),
    created_at   BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL
);
CREATE INDEX sessions_person ON sessions (person_id);
