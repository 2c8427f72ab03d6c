-- object: trigger audit_scheduling_callcentre_establishments_delete
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_callcentre_establishments_delete;
CREATE TRIGGER audit_scheduling_callcentre_establishments_delete AFTER DELETE ON scheduling_callcentre_establishments
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('delete', 'scheduling_callcentre_establishments', CAST(OLD.id AS TEXT), json_object('id', OLD."id", 'callcentre_id', OLD."callcentre_id", 'establishment_id', OLD."establishment_id"));
END;
