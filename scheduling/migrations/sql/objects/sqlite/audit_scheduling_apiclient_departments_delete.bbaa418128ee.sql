-- object: trigger audit_scheduling_apiclient_departments_delete
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_apiclient_departments_delete;
CREATE TRIGGER audit_scheduling_apiclient_departments_delete AFTER DELETE ON scheduling_apiclient_departments
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('delete', 'scheduling_apiclient_departments', CAST(OLD.id AS TEXT), json_object('id', OLD."id", 'apiclient_id', OLD."apiclient_id", 'department_id', OLD."department_id"));
END;
