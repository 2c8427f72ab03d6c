-- object: trigger audit_scheduling_openingrule_reasons_insert
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_openingrule_reasons_insert;
CREATE TRIGGER audit_scheduling_openingrule_reasons_insert AFTER INSERT ON scheduling_openingrule_reasons
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('insert', 'scheduling_openingrule_reasons', CAST(NEW.id AS TEXT), json_object('id', NEW."id", 'openingrule_id', NEW."openingrule_id", 'visitreason_id', NEW."visitreason_id"));
END;
