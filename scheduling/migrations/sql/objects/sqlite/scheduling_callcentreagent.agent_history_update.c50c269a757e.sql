-- object: trigger scheduling_callcentreagent.agent_history_update
-- drop: DROP TRIGGER IF EXISTS scheduling_callcentreagent__agent_history_update;
CREATE TRIGGER scheduling_callcentreagent__agent_history_update
BEFORE UPDATE OF call_centre_id ON scheduling_callcentreagent
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (NEW.call_centre_id IS NOT OLD.call_centre_id)
BEGIN
SELECT RAISE(ABORT, 'institution rule: this account has made bookings, which the routing report counts for its call centre: it keeps its team') WHERE EXISTS (SELECT 1 FROM scheduling_booking b WHERE b.created_by_id = OLD.user_id);
END;
