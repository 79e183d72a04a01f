-- 失业登记. The answers hold names, phones and addresses: they are stored encrypted (key id +
-- AES-256-GCM), as one JSON document, in drafts and applications alike.

-- One draft per person, saved on every page; it survives a closed browser and another device.
CREATE TABLE registration_drafts (
    person_id   TEXT PRIMARY KEY REFERENCES persons (id),
    answers_enc TEXT NOT NULL,
    updated_at  BIGINT NOT NULL
);

CREATE TABLE registrations (
    id               TEXT PRIMARY KEY,
    reference        TEXT NOT NULL UNIQUE,   -- 受理编号, e.g. K7M3-Q9P2
    person_id        TEXT NOT NULL REFERENCES persons (id),
    -- A retried submit carries the same key and gets the same registration back.
    idempotency_key  TEXT NOT NULL,
    status           TEXT NOT NULL,
    answers_enc      TEXT NOT NULL,
    institution_code TEXT NOT NULL REFERENCES institutions (code),
    -- The handling institution's division: what staff scopes are matched against.
    division_code    TEXT NOT NULL,
    place_kind       TEXT NOT NULL,
    declaration_version TEXT NOT NULL,
    declaration_text    TEXT NOT NULL,
    declared_at      BIGINT NOT NULL,
    submitted_at     BIGINT NOT NULL,
    submitted_on     TEXT NOT NULL,           -- YYYY-MM-DD, China time
    registered_on    TEXT,
    decided_at       BIGINT,
    refusal_reason   TEXT,
    end_reason       TEXT,                    -- the notice's reason: 1-11, 6a/6b
    ended_on         TEXT,
    closed_at        BIGINT,                  -- set when refused or ended
    updated_at       BIGINT NOT NULL,
    UNIQUE (person_id, idempotency_key)
);
-- One open application or registration per person: the database decides, not a read first.
CREATE UNIQUE INDEX registrations_one_open ON registrations (person_id) WHERE closed_at IS NULL;
CREATE INDEX registrations_division ON registrations (division_code, status);

-- What happened to an application, in order: submitted, decisions, reports, confirmations.
CREATE TABLE registration_events (
    id              TEXT PRIMARY KEY,         -- time-ordered
    registration_id TEXT NOT NULL REFERENCES registrations (id),
    at              BIGINT NOT NULL,
    kind            TEXT NOT NULL,            -- status name, or 'confirmation'
    actor           TEXT NOT NULL,            -- 'person' or 'staff:<id>'
    note            TEXT NOT NULL
);
CREATE INDEX registration_events_of ON registration_events (registration_id, at);

-- 就业失业动态确认: one answer per registration per month.
CREATE TABLE monthly_confirmations (
    registration_id TEXT NOT NULL REFERENCES registrations (id),
    month           TEXT NOT NULL,            -- YYYY-MM
    answer          TEXT NOT NULL,
    method          TEXT NOT NULL,            -- 本人报告, 电话, 走访, 信息比对
    at              BIGINT NOT NULL,
    PRIMARY KEY (registration_id, month)
);
