-- 注销 with its particulars: the 就业登记 behind reasons 1–3 (employer or business, start
-- date, whether the income reaches the local 低保), the local rule of reason 11, how staff
-- verified it, sealed as one JSON document. Reasons 4, 5 and 6a are first announced to the
-- person: `ends_on` is the day the registration ends unless staff withdraw it or record the
-- person's confirmation earlier; `pending` is 1 until then.
CREATE TABLE registration_endings (
    registration_id TEXT PRIMARY KEY REFERENCES registrations (id),
    reason          TEXT NOT NULL,
    details_enc     TEXT NOT NULL,
    recorded_by     TEXT NOT NULL,            -- `staff:<id>` or `person`
    pending         INTEGER NOT NULL DEFAULT 0,
    announced_on    TEXT,                     -- YYYY-MM-DD, reasons 4, 5, 6a
    ends_on         TEXT,                     -- YYYY-MM-DD, reasons 4, 5, 6a
    created_at      BIGINT NOT NULL
);
CREATE INDEX registration_endings_due ON registration_endings (pending, ends_on);

-- An answer to a service that staff took down from a phone call or a visit (reason 8 counts
-- refusals given that way as well as online): how, and by whom. NULL: the person online.
ALTER TABLE service_records ADD COLUMN answered_via TEXT;
ALTER TABLE service_records ADD COLUMN answered_by TEXT;
