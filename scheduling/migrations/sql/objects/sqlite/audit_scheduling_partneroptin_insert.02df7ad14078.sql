-- object: trigger audit_scheduling_partneroptin_insert
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_partneroptin_insert;
CREATE TRIGGER audit_scheduling_partneroptin_insert AFTER INSERT ON scheduling_partneroptin
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('insert', 'scheduling_partneroptin', CAST(NEW.id AS TEXT), json_object('id', NEW."id", 'agenda_id', NEW."agenda_id", 'client_id', NEW."client_id", 'created_at', NEW."created_at", 'created_by_id', NEW."created_by_id"));
END;
