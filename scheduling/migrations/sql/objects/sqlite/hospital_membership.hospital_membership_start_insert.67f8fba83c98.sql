-- object: trigger hospital_membership.hospital_membership_start_insert
-- drop: DROP TRIGGER IF EXISTS hospital_membership__hospital_membership_start_insert;
CREATE TRIGGER hospital_membership__hospital_membership_start_insert
BEFORE INSERT ON hospital_membership
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (NEW.starts_on < date(strftime('%Y-%m-%d %H:%M:%f', 'now'), (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= strftime('%Y-%m-%d %H:%M:%f', 'now') ORDER BY z.since DESC LIMIT 1)) AND (EXISTS (SELECT 1 FROM hospital_membership o WHERE o.establishment_id = NEW.establishment_id AND o.id IS NOT NEW.id) OR EXISTS (SELECT 1 FROM scheduling_booking b JOIN scheduling_slot s ON s.id = b.slot_id JOIN scheduling_agenda a ON a.id = s.agenda_id JOIN hospital_department d ON d.id = a.department_id WHERE d.establishment_id = NEW.establishment_id)))
BEGIN
SELECT RAISE(ABORT, 'institution rule: a membership period starts today or later: only the first period of an establishment without bookings starts earlier') WHERE 1;
END;
