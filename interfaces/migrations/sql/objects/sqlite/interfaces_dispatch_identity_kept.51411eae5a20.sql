-- object: trigger interfaces_dispatch_identity_kept
-- drop: DROP TRIGGER IF EXISTS interfaces_dispatch_identity_kept;
CREATE TRIGGER interfaces_dispatch_identity_kept BEFORE UPDATE ON interfaces_dispatch
WHEN OLD.id IS NOT NEW.id OR OLD.event_id IS NOT NEW.event_id OR OLD.endpoint_id IS NOT NEW.endpoint_id OR OLD.booking_id IS NOT NEW.booking_id
BEGIN SELECT RAISE(ABORT, 'outbound feed: a dispatch keeps its event, endpoint and booking; only its delivery state changes'); END;
