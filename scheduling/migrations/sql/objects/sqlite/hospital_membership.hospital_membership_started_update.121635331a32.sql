-- object: trigger hospital_membership.hospital_membership_started_update
-- drop: DROP TRIGGER IF EXISTS hospital_membership__hospital_membership_started_update;
CREATE TRIGGER hospital_membership__hospital_membership_started_update
BEFORE UPDATE ON hospital_membership
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (OLD.starts_on <= date(strftime('%Y-%m-%d %H:%M:%f', 'now'), (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= strftime('%Y-%m-%d %H:%M:%f', 'now') ORDER BY z.since DESC LIMIT 1)) AND NEW.starts_on IS NOT OLD.starts_on)
BEGIN
SELECT RAISE(ABORT, 'institution rule: this membership period has started: its start never changes') WHERE 1;
END;
