-- object: trigger scheduling_agenda.scheduling_agenda_repoint_guard
-- drop: DROP TRIGGER IF EXISTS scheduling_agenda__scheduling_agenda_repoint_guard;
CREATE TRIGGER scheduling_agenda__scheduling_agenda_repoint_guard
AFTER UPDATE OF practitioner_id, department_id ON scheduling_agenda
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (OLD.practitioner_id IS NOT NEW.practitioner_id OR OLD.department_id IS NOT NEW.department_id)
BEGIN
SELECT RAISE(ABORT, 'institution rule: this agenda cannot change practitioner or department; bookings, past or upcoming, resolve through it') WHERE EXISTS (
        SELECT 1 FROM scheduling_booking b JOIN scheduling_slot s ON s.id = b.slot_id
         WHERE s.agenda_id = NEW.id AND b.status <> 'cancelled');
END;
