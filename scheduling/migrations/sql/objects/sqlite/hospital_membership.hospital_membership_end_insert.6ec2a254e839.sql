-- object: trigger hospital_membership.hospital_membership_end_insert
-- drop: DROP TRIGGER IF EXISTS hospital_membership__hospital_membership_end_insert;
CREATE TRIGGER hospital_membership__hospital_membership_end_insert
BEFORE INSERT ON hospital_membership
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (NEW.ends_on < date(strftime('%Y-%m-%d %H:%M:%f', 'now'), (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= strftime('%Y-%m-%d %H:%M:%f', 'now') ORDER BY z.since DESC LIMIT 1)))
BEGIN
SELECT RAISE(ABORT, 'institution rule: a membership ends today or later: the past is not rewritten') WHERE 1;
END;
