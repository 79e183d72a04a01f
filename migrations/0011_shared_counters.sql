-- What several app servers on one database must agree on.

-- A counter per kind of data that app servers keep in memory: bumped in the same transaction
-- as every change, so each server polls one row to know when to rebuild (two imports in one
-- second are two versions).
CREATE TABLE data_versions (
    name    TEXT PRIMARY KEY,                   -- institutions
    version BIGINT NOT NULL
);
INSERT INTO data_versions (name, version) VALUES ('institutions', 1);

-- Requests counted per client and per window, shared by every app server on PostgreSQL (the
-- per-client write limit). The client is an HMAC of its address, never the address itself.
CREATE TABLE rate_counts (
    bucket       TEXT NOT NULL,
    window_start BIGINT NOT NULL,               -- Unix seconds
    count        BIGINT NOT NULL,
    PRIMARY KEY (bucket, window_start)
);

-- WeChat's access_token, one for every app server: each new token WeChat hands out voids the
-- one before, so one server renews it under a lease while the others read it here. Sealed
-- like personal data (it lets its holder send messages as the official account).
CREATE TABLE wechat_tokens (
    app_id       TEXT PRIMARY KEY,
    token_enc    TEXT,
    renew_at     BIGINT NOT NULL DEFAULT 0,     -- Unix seconds: renew from then on
    lease_holder TEXT,
    lease_until  BIGINT NOT NULL DEFAULT 0
);
