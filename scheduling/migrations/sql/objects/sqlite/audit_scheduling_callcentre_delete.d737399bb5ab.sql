-- object: trigger audit_scheduling_callcentre_delete
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_callcentre_delete;
CREATE TRIGGER audit_scheduling_callcentre_delete AFTER DELETE ON scheduling_callcentre
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('delete', 'scheduling_callcentre', CAST(OLD.id AS TEXT), json_object('id', OLD."id", 'name', OLD."name", 'is_active', OLD."is_active"));
END;
