-- object: trigger audit_scheduling_patient_insert
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_patient_insert;
CREATE TRIGGER audit_scheduling_patient_insert AFTER INSERT ON scheduling_patient
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('insert', 'scheduling_patient', CAST(NEW.id AS TEXT), json_object('id', NEW."id", 'public_id', NEW."public_id", 'first_name', CASE WHEN NEW."first_name" IS NULL THEN NULL ELSE audit_mask(CAST(NEW."first_name" AS TEXT)) END, 'last_name', CASE WHEN NEW."last_name" IS NULL THEN NULL ELSE audit_mask(CAST(NEW."last_name" AS TEXT)) END, 'birth_date', CASE WHEN NEW."birth_date" IS NULL THEN NULL ELSE audit_mask(CAST(NEW."birth_date" AS TEXT)) END, 'email', CASE WHEN NEW."email" IS NULL THEN NULL ELSE audit_mask(CAST(NEW."email" AS TEXT)) END, 'phone', CASE WHEN NEW."phone" IS NULL THEN NULL ELSE audit_mask(CAST(NEW."phone" AS TEXT)) END, 'ins', CASE WHEN NEW."ins" IS NULL THEN NULL ELSE audit_mask(CAST(NEW."ins" AS TEXT)) END, 'sms_consent', NEW."sms_consent", 'language', NEW."language", 'created_at', NEW."created_at"));
END;
