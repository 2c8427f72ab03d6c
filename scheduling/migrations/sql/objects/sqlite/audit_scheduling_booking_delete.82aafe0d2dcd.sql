-- object: trigger audit_scheduling_booking_delete
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_booking_delete;
CREATE TRIGGER audit_scheduling_booking_delete AFTER DELETE ON scheduling_booking
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('delete', 'scheduling_booking', CAST(OLD.id AS TEXT), json_object('id', OLD."id", 'public_id', OLD."public_id", 'slot_id', OLD."slot_id", 'patient_id', OLD."patient_id", 'reason_id', OLD."reason_id", 'channel', OLD."channel", 'status', OLD."status", 'created_at', OLD."created_at", 'created_by_id', OLD."created_by_id", 'cancelled_at', OLD."cancelled_at", 'cancelled_by_id', OLD."cancelled_by_id", 'cancel_reason', CASE WHEN OLD."cancel_reason" IS NULL THEN NULL ELSE audit_mask(CAST(OLD."cancel_reason" AS TEXT)) END, 'hold_expires_at', OLD."hold_expires_at", 'confirmation_digest', CASE WHEN OLD."confirmation_digest" IS NULL THEN NULL ELSE audit_mask(CAST(OLD."confirmation_digest" AS TEXT)) END, 'confirmation_attempts', OLD."confirmation_attempts", 'code_round', OLD."code_round", 'sequence', OLD."sequence", 'to_rebook', OLD."to_rebook", 'checked_in_at', OLD."checked_in_at", 'updated_at', OLD."updated_at", 'idempotency_key', OLD."idempotency_key", 'held_by', OLD."held_by"));
END;
