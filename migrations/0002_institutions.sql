-- 公共就业服务机构清单 (附件3). Coordinates are stored in GCJ-02 (converted on import).
-- services: a bit per 经办项目 (app::domain::institution::Service::bit).
CREATE TABLE institutions (
    code          TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    level         TEXT NOT NULL CHECK (level IN ('prefecture', 'county', 'township', 'community')),
    division_code TEXT NOT NULL,
    parent_code   TEXT REFERENCES institutions (code) DEFERRABLE INITIALLY DEFERRED,
    address       TEXT NOT NULL,
    phones        TEXT NOT NULL,
    services      INTEGER NOT NULL,
    hours         TEXT NOT NULL,
    lon           DOUBLE PRECISION,
    lat           DOUBLE PRECISION,
    demo          INTEGER NOT NULL DEFAULT 0,
    updated_at    TEXT NOT NULL
);
CREATE INDEX institutions_division ON institutions (division_code);
CREATE INDEX institutions_parent ON institutions (parent_code);
