-- object: trigger audit_event_no_update
-- drop: DROP TRIGGER IF EXISTS audit_event_no_update;
CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
BEGIN SELECT RAISE(ABORT, 'audit trail is append-only: UPDATE refused'); END;
