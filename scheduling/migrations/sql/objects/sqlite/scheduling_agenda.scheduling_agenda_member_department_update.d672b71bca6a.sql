-- object: trigger scheduling_agenda.scheduling_agenda_member_department_update
-- drop: DROP TRIGGER IF EXISTS scheduling_agenda__scheduling_agenda_member_department_update;
CREATE TRIGGER scheduling_agenda__scheduling_agenda_member_department_update
BEFORE UPDATE OF department_id ON scheduling_agenda
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance)
BEGIN
SELECT RAISE(ABORT, 'institution rule: an agenda can only be opened in an establishment that is or will be a member') WHERE NOT EXISTS (
        SELECT 1 FROM hospital_department d
          JOIN hospital_membership m ON m.establishment_id = d.establishment_id
         WHERE d.id = NEW.department_id AND (m.ends_on IS NULL OR m.ends_on >= date(strftime('%Y-%m-%d %H:%M:%f', 'now'), (SELECT z.utc_offset_seconds || ' seconds' FROM platform_time_zone z WHERE z.since <= strftime('%Y-%m-%d %H:%M:%f', 'now') ORDER BY z.since DESC LIMIT 1))));
END;
