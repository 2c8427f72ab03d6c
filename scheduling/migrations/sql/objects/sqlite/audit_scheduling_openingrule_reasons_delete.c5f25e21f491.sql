-- object: trigger audit_scheduling_openingrule_reasons_delete
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_openingrule_reasons_delete;
CREATE TRIGGER audit_scheduling_openingrule_reasons_delete AFTER DELETE ON scheduling_openingrule_reasons
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('delete', 'scheduling_openingrule_reasons', CAST(OLD.id AS TEXT), json_object('id', OLD."id", 'openingrule_id', OLD."openingrule_id", 'visitreason_id', OLD."visitreason_id"));
END;
