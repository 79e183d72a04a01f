-- 回访: what staff learnt each time they followed a service up (reached the person or not,
-- and the result in their words). A successful contact also counts against reason 9.
CREATE TABLE service_follow_ups (
    id         TEXT PRIMARY KEY,                -- time-ordered
    record_id  TEXT NOT NULL REFERENCES service_records (id),
    on_day     TEXT NOT NULL,                   -- YYYY-MM-DD
    reached    INTEGER NOT NULL,                -- 1: the person was reached
    result     TEXT NOT NULL,
    staff_id   TEXT NOT NULL REFERENCES staff (id),
    created_at BIGINT NOT NULL
);
CREATE INDEX service_follow_ups_of ON service_follow_ups (record_id, id);

-- The in-portal inbox: every notice a person is sent, whatever else carried it (SMS, WeChat).
CREATE TABLE notices (
    id         TEXT PRIMARY KEY,                -- time-ordered
    person_id  TEXT NOT NULL REFERENCES persons (id),
    title      TEXT NOT NULL,
    body       TEXT NOT NULL,
    link       TEXT NOT NULL,                   -- a path in the portal
    created_at BIGINT NOT NULL,
    read_at    BIGINT
);
CREATE INDEX notices_of ON notices (person_id, id);

-- 政策清单 and 服务清单: entries maintained by staff, shown to every registered worker. The
-- fields (name, who qualifies, …) are one JSON document; `demo` marks 示例 entries.
CREATE TABLE list_entries (
    id         TEXT PRIMARY KEY,
    list       TEXT NOT NULL,                   -- policy | service
    position   INTEGER NOT NULL,
    fields     TEXT NOT NULL,
    demo       INTEGER NOT NULL DEFAULT 0,
    updated_at BIGINT NOT NULL,
    updated_by TEXT NOT NULL                    -- staff id, or `demo`
);
CREATE INDEX list_entries_in ON list_entries (list, position);

-- The external account id itself, sealed, so that notices can reach it (a WeChat template
-- message is addressed to the openid); the hash above still finds the person.
ALTER TABLE person_providers ADD COLUMN subject_enc TEXT;
