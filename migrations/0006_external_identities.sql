-- Accounts at other identity providers bound to a person (WeChat openid, the province's
-- unified identity, …). The subject is stored only as a keyed hash.
CREATE TABLE person_providers (
    provider     TEXT NOT NULL,
    subject_hash TEXT NOT NULL,
    person_id    TEXT NOT NULL REFERENCES persons (id),
    bound_at     BIGINT NOT NULL,
    PRIMARY KEY (provider, subject_hash)
);
