-- object: trigger audit_scheduling_booking_insert
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_booking_insert;
CREATE TRIGGER audit_scheduling_booking_insert AFTER INSERT ON scheduling_booking
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('insert', 'scheduling_booking', CAST(NEW.id AS TEXT), json_object('id', NEW."id", 'public_id', NEW."public_id", 'slot_id', NEW."slot_id", 'patient_id', NEW."patient_id", 'reason_id', NEW."reason_id", 'channel', NEW."channel", 'status', NEW."status", 'created_at', NEW."created_at", 'created_by_id', NEW."created_by_id", 'cancelled_at', NEW."cancelled_at", 'cancelled_by_id', NEW."cancelled_by_id", 'cancel_reason', CASE WHEN NEW."cancel_reason" IS NULL THEN NULL ELSE audit_mask(CAST(NEW."cancel_reason" AS TEXT)) END, 'hold_expires_at', NEW."hold_expires_at", 'confirmation_digest', CASE WHEN NEW."confirmation_digest" IS NULL THEN NULL ELSE audit_mask(CAST(NEW."confirmation_digest" AS TEXT)) END, 'confirmation_attempts', NEW."confirmation_attempts", 'code_round', NEW."code_round", 'sequence', NEW."sequence", 'to_rebook', NEW."to_rebook", 'checked_in_at', NEW."checked_in_at", 'updated_at', NEW."updated_at", 'idempotency_key', NEW."idempotency_key", 'held_by', NEW."held_by"));
END;
