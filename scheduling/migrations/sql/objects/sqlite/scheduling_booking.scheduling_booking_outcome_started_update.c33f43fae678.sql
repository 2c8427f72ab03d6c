-- object: trigger scheduling_booking.scheduling_booking_outcome_started_update
-- drop: DROP TRIGGER IF EXISTS scheduling_booking__scheduling_booking_outcome_started_update;
CREATE TRIGGER scheduling_booking__scheduling_booking_outcome_started_update
BEFORE UPDATE ON scheduling_booking
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (NEW.status IN ('honoured', 'missed'))
BEGIN
SELECT RAISE(ABORT, 'institution rule: an outcome is recorded only once the appointment has started') WHERE NOT EXISTS (SELECT 1 FROM scheduling_slot s WHERE s.id = NEW.slot_id AND s.start <= strftime('%Y-%m-%d %H:%M:%f', 'now'));
END;
