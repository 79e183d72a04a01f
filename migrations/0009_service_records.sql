-- 就业服务记录: what a registered worker was offered (岗位推荐, 职业指导, 培训信息, …), by whom,
-- and the worker's answer. The content (employer, wage, course, …) is one JSON document.
CREATE TABLE service_records (
    id               TEXT PRIMARY KEY,         -- time-ordered
    registration_id  TEXT NOT NULL REFERENCES registrations (id),
    kind             TEXT NOT NULL,
    given_on         TEXT NOT NULL,            -- YYYY-MM-DD
    channel          TEXT NOT NULL,
    institution_code TEXT NOT NULL REFERENCES institutions (code),
    staff_id         TEXT NOT NULL REFERENCES staff (id),
    content          TEXT NOT NULL,
    answer           TEXT,                     -- the worker's answer, when given
    good_reason      INTEGER,                  -- for a decline: 1 when the reason is a good one
    decline_reason   TEXT,                     -- the code from the list of reasons
    decline_note     TEXT,                     -- the person's own words
    answered_at      BIGINT,
    created_at       BIGINT NOT NULL
);
CREATE INDEX service_records_of ON service_records (registration_id, given_on);
