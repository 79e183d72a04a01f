-- Administrative divisions: GB/T 2260 codes for 省/市州/县市区, NBS statistical codes
-- (9 and 12 digits) for 乡镇街道 and 社区/行政村. Seat coordinates are GCJ-02.
CREATE TABLE divisions (
    code        TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    level       TEXT NOT NULL CHECK (level IN ('prefecture', 'county', 'township', 'community')),
    parent_code TEXT NOT NULL,
    lon         DOUBLE PRECISION,
    lat         DOUBLE PRECISION,
    source      TEXT NOT NULL
);
CREATE INDEX divisions_parent ON divisions (parent_code);
