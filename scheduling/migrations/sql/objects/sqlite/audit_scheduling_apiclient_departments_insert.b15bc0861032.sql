-- object: trigger audit_scheduling_apiclient_departments_insert
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_apiclient_departments_insert;
CREATE TRIGGER audit_scheduling_apiclient_departments_insert AFTER INSERT ON scheduling_apiclient_departments
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('insert', 'scheduling_apiclient_departments', CAST(NEW.id AS TEXT), json_object('id', NEW."id", 'apiclient_id', NEW."apiclient_id", 'department_id', NEW."department_id"));
END;
