-- The identity document a person stated once after signing in. One person per document
-- (UNIQUE id_hash), one document per person (the primary key).
CREATE TABLE person_identities (
    person_id TEXT PRIMARY KEY REFERENCES persons (id),
    kind      TEXT NOT NULL,
    id_hash   TEXT NOT NULL UNIQUE,
    id_enc    TEXT NOT NULL,
    stated_at BIGINT NOT NULL
);
