-- The date of birth a person states with a document whose number carries none (港澳居民来往内地
-- 通行证, 台湾居民来往大陆通行证), so the age rule applies to them too: sealed like the number
-- (`YYYY-MM-DD`). NULL for the 18-character numbers, which carry it, and for rows stated before.
ALTER TABLE person_identities ADD COLUMN birth_enc TEXT;
