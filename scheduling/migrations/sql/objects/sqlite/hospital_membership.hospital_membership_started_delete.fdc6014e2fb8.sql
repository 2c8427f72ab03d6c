-- object: trigger hospital_membership.hospital_membership_started_delete
-- drop: DROP TRIGGER IF EXISTS hospital_membership__hospital_membership_started_delete;
CREATE TRIGGER hospital_membership__hospital_membership_started_delete
BEFORE DELETE ON hospital_membership
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (OLD.starts_on <= date(strftime('%Y-%m-%d %H:%M:%f', 'now'), (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= strftime('%Y-%m-%d %H:%M:%f', 'now') ORDER BY z.since DESC LIMIT 1)))
BEGIN
SELECT RAISE(ABORT, 'institution rule: this membership period has started: it is never deleted; give it an end date') WHERE 1;
END;
