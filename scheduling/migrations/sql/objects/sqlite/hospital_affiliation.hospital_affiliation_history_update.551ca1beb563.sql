-- object: trigger hospital_affiliation.hospital_affiliation_history_update
-- drop: DROP TRIGGER IF EXISTS hospital_affiliation__hospital_affiliation_history_update;
CREATE TRIGGER hospital_affiliation__hospital_affiliation_history_update
BEFORE UPDATE ON hospital_affiliation
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance)
BEGIN
SELECT RAISE(ABORT, 'institution rule: bookings of the past resolved outside the institution on these dates: an affiliation never covers them afterwards') WHERE EXISTS (
        SELECT 1 FROM scheduling_booking b
          JOIN scheduling_slot s ON s.id = b.slot_id
          JOIN scheduling_agenda a ON a.id = s.agenda_id
         WHERE a.practitioner_id = NEW.practitioner_id AND a.department_id = NEW.department_id
           AND b.status <> 'cancelled' AND s.start <= strftime('%Y-%m-%d %H:%M:%f', 'now')
           AND date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1)) >= NEW.start_date AND (NEW.end_date IS NULL OR date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1)) <= NEW.end_date)
           AND NOT EXISTS (
               SELECT 1 FROM hospital_affiliation o
                WHERE o.id IS NOT NEW.id AND o.practitioner_id = NEW.practitioner_id
                  AND o.department_id = NEW.department_id AND date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1)) >= o.start_date AND (o.end_date IS NULL OR date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1)) <= o.end_date))
           AND NOT (OLD.practitioner_id = NEW.practitioner_id AND OLD.department_id = NEW.department_id AND date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1)) >= OLD.start_date AND (OLD.end_date IS NULL OR date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1)) <= OLD.end_date)));
END;
