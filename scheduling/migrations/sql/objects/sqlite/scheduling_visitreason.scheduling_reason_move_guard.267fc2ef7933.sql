-- object: trigger scheduling_visitreason.scheduling_reason_move_guard
-- drop: DROP TRIGGER IF EXISTS scheduling_visitreason__scheduling_reason_move_guard;
CREATE TRIGGER scheduling_visitreason__scheduling_reason_move_guard
AFTER UPDATE OF agenda_id ON scheduling_visitreason
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (OLD.agenda_id IS NOT NEW.agenda_id)
BEGIN
SELECT RAISE(ABORT, 'institution rule: bookings, past or upcoming, use this visit reason: it stays in its agenda') WHERE EXISTS (SELECT 1 FROM scheduling_booking WHERE reason_id = NEW.id AND status <> 'cancelled');
END;
