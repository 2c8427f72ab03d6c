-- object: trigger hospital_membership.hospital_membership_past_update
-- drop: DROP TRIGGER IF EXISTS hospital_membership__hospital_membership_past_update;
CREATE TRIGGER hospital_membership__hospital_membership_past_update
BEFORE UPDATE ON hospital_membership
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (NEW.starts_on IS NOT OLD.starts_on)
BEGIN
SELECT RAISE(ABORT, 'institution rule: bookings of the past resolved outside the institution on these dates: a new period never covers them') WHERE NEW.starts_on <= date(strftime('%Y-%m-%d %H:%M:%f', 'now'), (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= strftime('%Y-%m-%d %H:%M:%f', 'now') ORDER BY z.since DESC LIMIT 1)) AND EXISTS (
        SELECT 1 FROM scheduling_booking b
          JOIN scheduling_slot s ON s.id = b.slot_id
          JOIN scheduling_agenda a ON a.id = s.agenda_id
          JOIN hospital_department d ON d.id = a.department_id
         WHERE d.establishment_id = NEW.establishment_id AND b.status <> 'cancelled'
           AND s.start <= strftime('%Y-%m-%d %H:%M:%f', 'now') AND date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1)) >= NEW.starts_on
           AND (NEW.ends_on IS NULL OR date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1)) <= NEW.ends_on));
END;
