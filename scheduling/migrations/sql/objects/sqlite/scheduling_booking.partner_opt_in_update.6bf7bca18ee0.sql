-- object: trigger scheduling_booking.partner_opt_in_update
-- drop: DROP TRIGGER IF EXISTS scheduling_booking__partner_opt_in_update;
CREATE TRIGGER scheduling_booking__partner_opt_in_update
BEFORE UPDATE ON scheduling_booking
FOR EACH ROW WHEN NEW.channel = 'partner' AND NEW.status IN ('pending', 'booked') AND (NEW.status IS NOT OLD.status OR (NEW.slot_id IS NOT OLD.slot_id AND (SELECT agenda_id FROM scheduling_slot WHERE id = NEW.slot_id) IS DISTINCT FROM (SELECT agenda_id FROM scheduling_slot WHERE id = OLD.slot_id))) AND NOT EXISTS (SELECT 1 FROM scheduling_partneroptin o JOIN scheduling_slot s ON s.agenda_id = o.agenda_id WHERE s.id = NEW.slot_id AND o.client_id = (SELECT c.id FROM scheduling_apiclient c WHERE c.user_id = NEW.created_by_id AND c.kind = 'partner'))
BEGIN
    SELECT RAISE(ABORT, 'institution rule: this agenda is not opted in to this partner portal');
END;
