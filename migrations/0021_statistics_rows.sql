-- 统计 at province scale, second step (measured with bench/statistics.sh on 1,000,000
-- registrations and 5,000,000 service records): "311" and the stock read from the
-- registration's row.
--
-- "311" from the registration's own row: the days of its first three 岗位推荐 and of its first
-- 职业指导 and 培训信息 counted for "311" since its registration date. They tell for any day how
-- many of each were given before it, up to what 3/1/1 asks, so a month's "311" figures read
-- one index entry per registration instead of every service record. The store keeps them
-- whenever a counted record is written or the registration date is set.
ALTER TABLE registrations ADD COLUMN referral_1_on TEXT;
ALTER TABLE registrations ADD COLUMN referral_2_on TEXT;
ALTER TABLE registrations ADD COLUMN referral_3_on TEXT;
ALTER TABLE registrations ADD COLUMN guidance_on TEXT;
ALTER TABLE registrations ADD COLUMN training_on TEXT;

UPDATE registrations SET
    referral_1_on = (SELECT s.given_on FROM service_records s WHERE s.registration_id = registrations.id
        AND s.counts_311 = 1 AND s.kind = 'job_referral' AND s.given_on >= registrations.registered_on
        ORDER BY s.given_on LIMIT 1 OFFSET 0),
    referral_2_on = (SELECT s.given_on FROM service_records s WHERE s.registration_id = registrations.id
        AND s.counts_311 = 1 AND s.kind = 'job_referral' AND s.given_on >= registrations.registered_on
        ORDER BY s.given_on LIMIT 1 OFFSET 1),
    referral_3_on = (SELECT s.given_on FROM service_records s WHERE s.registration_id = registrations.id
        AND s.counts_311 = 1 AND s.kind = 'job_referral' AND s.given_on >= registrations.registered_on
        ORDER BY s.given_on LIMIT 1 OFFSET 2),
    guidance_on = (SELECT s.given_on FROM service_records s WHERE s.registration_id = registrations.id
        AND s.counts_311 = 1 AND s.kind = 'guidance' AND s.given_on >= registrations.registered_on
        ORDER BY s.given_on LIMIT 1 OFFSET 0),
    training_on = (SELECT s.given_on FROM service_records s WHERE s.registration_id = registrations.id
        AND s.counts_311 = 1 AND s.kind = 'training' AND s.given_on >= registrations.registered_on
        ORDER BY s.given_on LIMIT 1 OFFSET 0)
WHERE registered_on IS NOT NULL;

-- A month's "311" rows: by registration day, then the area, with what the count reads.
CREATE INDEX registrations_311_year ON registrations (registered_on, division_code, ended_on,
    referral_1_on, referral_2_on, referral_3_on, guidance_on, training_on);
DROP INDEX registrations_registered_on;

-- The facts kept at submission (0019) move onto the registration's row, so that the in-force
-- stock is read from one index without a join. NULL until kept.
ALTER TABLE registrations ADD COLUMN sex TEXT;
ALTER TABLE registrations ADD COLUMN birth_month TEXT;
ALTER TABLE registrations ADD COLUMN residence_county TEXT;
ALTER TABLE registrations ADD COLUMN residence_township TEXT;
ALTER TABLE registrations ADD COLUMN locality TEXT;
ALTER TABLE registrations ADD COLUMN locality_basis TEXT;
ALTER TABLE registrations ADD COLUMN hard_to_employ INTEGER;
UPDATE registrations SET
    sex = (SELECT f.sex FROM registration_facts f WHERE f.registration_id = registrations.id),
    birth_month = (SELECT f.birth_month FROM registration_facts f WHERE f.registration_id = registrations.id),
    residence_county = (SELECT f.residence_county FROM registration_facts f WHERE f.registration_id = registrations.id),
    residence_township = (SELECT f.residence_township FROM registration_facts f WHERE f.registration_id = registrations.id),
    locality = (SELECT f.locality FROM registration_facts f WHERE f.registration_id = registrations.id),
    locality_basis = (SELECT f.locality_basis FROM registration_facts f WHERE f.registration_id = registrations.id),
    hard_to_employ = (SELECT f.hard_to_employ FROM registration_facts f WHERE f.registration_id = registrations.id);
DROP TABLE registration_facts;

-- In force on a day: those not ended (ended_on NULL), then those ended after it, each a range
-- of this index, which holds every column the stock reads.
DROP INDEX registrations_ended_on;
CREATE INDEX registrations_ended_on ON registrations (ended_on, division_code, registered_on,
    sex, birth_month, locality, locality_basis, hard_to_employ, id);
