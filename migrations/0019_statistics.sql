-- 失业登记统计, counted straight from the records (notice 四).
--
-- What the figures need of a registration, kept beside it when it is submitted so that no
-- sealed answer is opened to count: sex, birth month (an age band needs no more), the
-- 常住地 and whether it is 城镇 or 农村 (with what that rests on), and whether the person
-- declared a 就业困难人员 category. No name, phone or ID number.
CREATE TABLE registration_facts (
    registration_id   TEXT PRIMARY KEY REFERENCES registrations (id),
    sex               TEXT NOT NULL,            -- GB/T 2261.1: 1 男, 2 女, 9 未说明
    birth_month       TEXT,                     -- YYYY-MM
    residence_county  TEXT NOT NULL,
    residence_township TEXT,
    locality          TEXT NOT NULL,            -- urban | rural
    locality_basis    TEXT NOT NULL,            -- community | township | county
    hard_to_employ    INTEGER NOT NULL
);

-- The day of 登记 or 不予登记 (China time): `decided_at` moves with every later change.
ALTER TABLE registrations ADD COLUMN decided_on TEXT;
UPDATE registrations SET decided_on = registered_on WHERE registered_on IS NOT NULL;
CREATE INDEX registrations_registered_on ON registrations (registered_on, division_code);
CREATE INDEX registrations_ended_on ON registrations (ended_on, division_code);
CREATE INDEX registrations_decided_on ON registrations (decided_on, division_code);

-- 转办 between offices, with both divisions, so a month's figures count transfers in and out.
CREATE TABLE registration_transfers (
    registration_id TEXT NOT NULL REFERENCES registrations (id),
    at              BIGINT NOT NULL,
    on_date         TEXT NOT NULL,              -- YYYY-MM-DD, China time
    from_division   TEXT NOT NULL,
    to_division     TEXT NOT NULL,
    PRIMARY KEY (registration_id, at)
);
CREATE INDEX registration_transfers_on ON registration_transfers (on_date);

-- Whether a service record counts toward "311" (a kind owed in the year; training only when
-- free), decided once when it is written.
ALTER TABLE service_records ADD COLUMN counts_311 INTEGER NOT NULL DEFAULT 0;
UPDATE service_records SET counts_311 = 1
 WHERE kind IN ('job_referral', 'guidance')
    OR (kind = 'training' AND content LIKE '%"free":"1"%');
CREATE INDEX service_records_311 ON service_records (registration_id, counts_311, given_on);

-- The statistical 城乡分类代码 of a 社区/村 (111 … 220), where the institution list gives it.
ALTER TABLE divisions ADD COLUMN urban_rural TEXT;

-- A past month's figures, frozen once at its end for every area (`division_code`), so later
-- edits to the records do not change what was reported. `statistics_freezes` lets one app
-- server claim the freezing of a month; another takes over a claim left unfinished an hour.
CREATE TABLE statistics_freezes (
    month      TEXT PRIMARY KEY,                -- YYYY-MM
    claimed_at BIGINT NOT NULL,
    done_at    BIGINT
);
CREATE TABLE statistics_months (
    month         TEXT NOT NULL,
    division_code TEXT NOT NULL,
    figures       TEXT NOT NULL,               -- JSON, the API's Figures
    frozen_at     BIGINT NOT NULL,
    PRIMARY KEY (month, division_code)
);
