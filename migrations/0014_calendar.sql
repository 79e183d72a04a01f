-- The working-day calendar: one row per year, the State Council's notice as the portal's
-- CalendarYear JSON (holidays and 调休 working days). The shipped years are inserted at start-up
-- when absent; a provincial administrator replaces a year when the next notice is out.
CREATE TABLE calendar_years (
    year       INTEGER PRIMARY KEY,
    body       TEXT NOT NULL,                   -- CalendarYear JSON
    updated_at TEXT NOT NULL,                   -- RFC 3339
    updated_by TEXT NOT NULL                    -- staff id, `cli` or `shipped`
);

-- Every app server keeps the calendar in memory and rereads it when this moves.
INSERT INTO data_versions (name, version) VALUES ('calendar', 1);
