-- object: trigger audit_scheduling_waitlistentry_insert
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_waitlistentry_insert;
CREATE TRIGGER audit_scheduling_waitlistentry_insert AFTER INSERT ON scheduling_waitlistentry
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('insert', 'scheduling_waitlistentry', CAST(NEW.id AS TEXT), json_object('id', NEW."id", 'public_id', NEW."public_id", 'patient_id', NEW."patient_id", 'reason_id', NEW."reason_id", 'specialty_id', NEW."specialty_id", 'establishment_id', NEW."establishment_id", 'returning', NEW."returning", 'wanted_before', NEW."wanted_before", 'status', NEW."status", 'offer_id', NEW."offer_id", 'created_at', NEW."created_at"));
END;
