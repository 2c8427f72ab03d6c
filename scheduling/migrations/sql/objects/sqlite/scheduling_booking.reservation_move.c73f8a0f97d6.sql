-- object: trigger scheduling_booking.reservation_move
-- drop: DROP TRIGGER IF EXISTS scheduling_booking__reservation_move;
CREATE TRIGGER scheduling_booking__reservation_move
BEFORE UPDATE OF slot_id, channel ON scheduling_booking
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND ((OLD.slot_id IS NOT NEW.slot_id OR OLD.channel IS NOT NEW.channel) AND NEW.status <> 'cancelled' AND EXISTS (SELECT 1 FROM scheduling_slot s WHERE s.id = NEW.slot_id AND s.reserved_for <> '' AND strftime('%Y-%m-%d %H:%M:%f', 'now') < s.opens_to_all_at AND NOT (s.reserved_for = '' OR (s.reserved_for = 'phone' AND NEW.channel IN ('phone', 'call_centre', 'portal')) OR (s.reserved_for = 'partners' AND NEW.channel IN ('api', 'partner', 'portal')))))
BEGIN
    SELECT RAISE(ABORT, 'institution rule: this slot is reserved for other channels until its release');
END;
