-- object: view audit_row_input
-- drop: DROP VIEW IF EXISTS audit_row_input;
CREATE VIEW audit_row_input AS SELECT action, object_type, object_id, changes FROM audit_event WHERE 0;
