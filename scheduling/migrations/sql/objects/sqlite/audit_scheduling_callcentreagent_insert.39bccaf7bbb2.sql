-- object: trigger audit_scheduling_callcentreagent_insert
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_callcentreagent_insert;
CREATE TRIGGER audit_scheduling_callcentreagent_insert AFTER INSERT ON scheduling_callcentreagent
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('insert', 'scheduling_callcentreagent', CAST(NEW.id AS TEXT), json_object('id', NEW."id", 'user_id', NEW."user_id", 'call_centre_id', NEW."call_centre_id"));
END;
