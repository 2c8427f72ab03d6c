-- object: trigger audit_event_no_delete
-- drop: DROP TRIGGER IF EXISTS audit_event_no_delete;
CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event
BEGIN SELECT RAISE(ABORT, 'audit trail is append-only: DELETE refused'); END;
