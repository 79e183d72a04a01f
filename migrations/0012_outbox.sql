-- The notices still to send by SMS or WeChat, written with the inbox notice in one
-- transaction and delivered by a worker in every app server: a delivery is claimed by one
-- server at a time (claimed_until), retried with growing waits (next_at, attempts), and marked
-- sent, or given up after too many tries. A server stopped mid-delivery leaves its claim to
-- run out; another then sends it.
CREATE TABLE outbox (
    id            TEXT PRIMARY KEY,             -- time-ordered
    notice_id     TEXT NOT NULL REFERENCES notices (id),
    channel       TEXT NOT NULL,                -- sms | wechat
    greeting_enc  TEXT NOT NULL,                -- 张女士, sealed
    next_at       BIGINT NOT NULL,
    claimed_until BIGINT NOT NULL DEFAULT 0,
    attempts      INTEGER NOT NULL DEFAULT 0,
    sent_at       BIGINT,
    gave_up_at    BIGINT,
    last_error    TEXT
);
CREATE INDEX outbox_due ON outbox (next_at) WHERE sent_at IS NULL AND gave_up_at IS NULL;
