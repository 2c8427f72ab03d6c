-- object: trigger scheduling_agenda.kept_under_bookings
-- drop: DROP TRIGGER IF EXISTS scheduling_agenda__kept_under_bookings;
CREATE TRIGGER scheduling_agenda__kept_under_bookings
BEFORE DELETE ON scheduling_agenda
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance)
BEGIN
SELECT RAISE(ABORT, 'institution rule: bookings were made in this agenda: it is never deleted; close it instead') WHERE EXISTS (SELECT 1 FROM scheduling_booking b WHERE b.slot_id IN (SELECT s.id FROM scheduling_slot s WHERE s.agenda_id IN (SELECT OLD.id)));
END;
