-- object: trigger audit_scheduling_waitlistentry_delete
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_waitlistentry_delete;
CREATE TRIGGER audit_scheduling_waitlistentry_delete AFTER DELETE ON scheduling_waitlistentry
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('delete', 'scheduling_waitlistentry', CAST(OLD.id AS TEXT), json_object('id', OLD."id", 'public_id', OLD."public_id", 'patient_id', OLD."patient_id", 'reason_id', OLD."reason_id", 'specialty_id', OLD."specialty_id", 'establishment_id', OLD."establishment_id", 'returning', OLD."returning", 'wanted_before', OLD."wanted_before", 'status', OLD."status", 'offer_id', OLD."offer_id", 'created_at', OLD."created_at"));
END;
