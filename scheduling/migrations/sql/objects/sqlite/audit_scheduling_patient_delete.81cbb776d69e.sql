-- object: trigger audit_scheduling_patient_delete
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_patient_delete;
CREATE TRIGGER audit_scheduling_patient_delete AFTER DELETE ON scheduling_patient
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('delete', 'scheduling_patient', CAST(OLD.id AS TEXT), json_object('id', OLD."id", 'public_id', OLD."public_id", 'first_name', CASE WHEN OLD."first_name" IS NULL THEN NULL ELSE audit_mask(CAST(OLD."first_name" AS TEXT)) END, 'last_name', CASE WHEN OLD."last_name" IS NULL THEN NULL ELSE audit_mask(CAST(OLD."last_name" AS TEXT)) END, 'birth_date', CASE WHEN OLD."birth_date" IS NULL THEN NULL ELSE audit_mask(CAST(OLD."birth_date" AS TEXT)) END, 'email', CASE WHEN OLD."email" IS NULL THEN NULL ELSE audit_mask(CAST(OLD."email" AS TEXT)) END, 'phone', CASE WHEN OLD."phone" IS NULL THEN NULL ELSE audit_mask(CAST(OLD."phone" AS TEXT)) END, 'ins', CASE WHEN OLD."ins" IS NULL THEN NULL ELSE audit_mask(CAST(OLD."ins" AS TEXT)) END, 'sms_consent', OLD."sms_consent", 'language', OLD."language", 'created_at', OLD."created_at"));
END;
