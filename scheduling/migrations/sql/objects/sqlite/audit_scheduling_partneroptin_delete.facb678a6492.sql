-- object: trigger audit_scheduling_partneroptin_delete
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_partneroptin_delete;
CREATE TRIGGER audit_scheduling_partneroptin_delete AFTER DELETE ON scheduling_partneroptin
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('delete', 'scheduling_partneroptin', CAST(OLD.id AS TEXT), json_object('id', OLD."id", 'agenda_id', OLD."agenda_id", 'client_id', OLD."client_id", 'created_at', OLD."created_at", 'created_by_id', OLD."created_by_id"));
END;
