-- object: trigger audit_scheduling_callcentreagent_delete
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_callcentreagent_delete;
CREATE TRIGGER audit_scheduling_callcentreagent_delete AFTER DELETE ON scheduling_callcentreagent
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('delete', 'scheduling_callcentreagent', CAST(OLD.id AS TEXT), json_object('id', OLD."id", 'user_id', OLD."user_id", 'call_centre_id', OLD."call_centre_id"));
END;
