-- object: trigger audit_log_input_refused
-- drop: DROP TRIGGER IF EXISTS audit_log_input_refused;
CREATE TRIGGER audit_log_input_refused INSTEAD OF INSERT ON audit_log_input
WHEN NEW.action NOT IN ('read', 'permission', 'override', 'decision')
BEGIN
    SELECT RAISE(ABORT, 'audit trail: the application records only read, permission and override events; row changes are recorded by the database');
END;
