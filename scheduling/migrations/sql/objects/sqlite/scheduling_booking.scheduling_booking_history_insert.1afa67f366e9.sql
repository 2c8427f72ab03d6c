-- object: trigger scheduling_booking.scheduling_booking_history_insert
-- drop: DROP TRIGGER IF EXISTS scheduling_booking__scheduling_booking_history_insert;
CREATE TRIGGER scheduling_booking__scheduling_booking_history_insert
BEFORE INSERT ON scheduling_booking
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND ((SELECT start FROM scheduling_slot WHERE id = NEW.slot_id) <= strftime('%Y-%m-%d %H:%M:%f', 'now'))
BEGIN
SELECT RAISE(ABORT, 'institution rule: no booking is made on a slot that has started') WHERE 1;
END;
