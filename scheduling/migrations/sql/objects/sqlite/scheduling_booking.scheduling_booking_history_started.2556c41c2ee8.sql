-- object: trigger scheduling_booking.scheduling_booking_history_started
-- drop: DROP TRIGGER IF EXISTS scheduling_booking__scheduling_booking_history_started;
CREATE TRIGGER scheduling_booking__scheduling_booking_history_started
BEFORE UPDATE ON scheduling_booking
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (((SELECT start FROM scheduling_slot WHERE id = OLD.slot_id) <= strftime('%Y-%m-%d %H:%M:%f', 'now')) AND (OLD."id" IS NOT NEW."id" OR OLD."public_id" IS NOT NEW."public_id" OR OLD."slot_id" IS NOT NEW."slot_id" OR OLD."patient_id" IS NOT NEW."patient_id" OR OLD."reason_id" IS NOT NEW."reason_id" OR OLD."channel" IS NOT NEW."channel" OR OLD."created_at" IS NOT NEW."created_at" OR OLD."created_by_id" IS NOT NEW."created_by_id" OR OLD."hold_expires_at" IS NOT NEW."hold_expires_at" OR OLD."confirmation_digest" IS NOT NEW."confirmation_digest" OR OLD."confirmation_attempts" IS NOT NEW."confirmation_attempts" OR OLD."code_round" IS NOT NEW."code_round" OR OLD."idempotency_key" IS NOT NEW."idempotency_key" OR OLD."held_by" IS NOT NEW."held_by" OR (NOT (OLD.status = 'pending' AND NEW.status = 'cancelled') AND (OLD."cancelled_at" IS NOT NEW."cancelled_at" OR OLD."cancelled_by_id" IS NOT NEW."cancelled_by_id" OR OLD."cancel_reason" IS NOT NEW."cancel_reason" OR OLD."sequence" IS NOT NEW."sequence")) OR (OLD.status IS NOT NEW.status AND NOT (
            (OLD.status = 'booked' AND NEW.status IN ('honoured', 'missed'))
         OR (OLD.status IN ('honoured', 'missed') AND NEW.status IN ('honoured', 'missed'))
         OR (OLD.status = 'pending' AND NEW.status = 'cancelled')))))
BEGIN
SELECT RAISE(ABORT, 'institution rule: this appointment has started: only its outcome and check-in are recorded now') WHERE 1;
END;
