-- 统计 at province scale (measured with bench/statistics.sh on 1,000,000 registrations):
-- the area is a range of division codes, so each query starts from the area, and these
-- indexes hold every column the counts read (no lookup of the registration row).
CREATE INDEX registrations_area_in_force ON registrations (division_code, registered_on, ended_on, id);
CREATE INDEX registrations_area_decided ON registrations (division_code, decided_on, submitted_on);
CREATE INDEX service_records_311_covering ON service_records (registration_id, counts_311, given_on, kind);
CREATE INDEX monthly_confirmations_month ON monthly_confirmations (month, registration_id, method);
DROP INDEX service_records_311;
