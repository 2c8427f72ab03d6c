-- object: trigger hospital_establishment.institution_rule_update
-- drop: DROP TRIGGER IF EXISTS hospital_establishment__institution_rule_update;
CREATE TRIGGER hospital_establishment__institution_rule_update
AFTER UPDATE ON hospital_establishment
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance)
BEGIN
SELECT RAISE(ABORT, 'institution rule: this change to an establishment would leave bookings outside the institution; move or cancel them first') WHERE EXISTS (
        SELECT 1 FROM scheduling_booking b
          LEFT JOIN scheduling_slot s ON s.id = b.slot_id
          LEFT JOIN scheduling_agenda a ON a.id = s.agenda_id
          LEFT JOIN hospital_department d ON d.id = a.department_id
          LEFT JOIN hospital_establishment e ON e.id = d.establishment_id
          LEFT JOIN scheduling_visitreason r ON r.id = b.reason_id
         WHERE b.id IN (SELECT bb.id FROM scheduling_booking bb JOIN scheduling_slot ss ON ss.id = bb.slot_id WHERE bb.status IN ('booked', 'pending') AND ss.agenda_id IN (SELECT aa.id FROM scheduling_agenda aa JOIN hospital_department dd ON dd.id = aa.department_id WHERE dd.establishment_id = OLD.id) UNION SELECT bb.id FROM scheduling_booking bb JOIN scheduling_slot ss ON ss.id = bb.slot_id WHERE bb.status IN ('booked', 'pending') AND ss.agenda_id IN (SELECT aa.id FROM scheduling_agenda aa JOIN hospital_department dd ON dd.id = aa.department_id WHERE dd.establishment_id = NEW.id)) AND b.status <> 'cancelled'
           AND (e.id IS NULL OR NOT EXISTS (SELECT 1 FROM hospital_membership m WHERE m.establishment_id = e.id AND m.starts_on <= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1)) AND (m.ends_on IS NULL OR m.ends_on >= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1))))
                OR (NOT a.is_active AND b.status IN ('booked', 'pending') AND s."end" > strftime('%Y-%m-%d %H:%M:%f', 'now'))
                OR r.id IS NULL OR r.agenda_id IS NOT a.id
                OR NOT EXISTS (
                    SELECT 1 FROM hospital_affiliation f
                     WHERE f.practitioner_id = a.practitioner_id
                       AND f.department_id = a.department_id
                       AND f.start_date <= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1))
                       AND (f.end_date IS NULL OR f.end_date >= date(s.start, (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= s.start ORDER BY z.since DESC LIMIT 1))))));
END;
