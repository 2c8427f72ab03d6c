-- object: trigger scheduling_callcentreagent.agent_history_insert
-- drop: DROP TRIGGER IF EXISTS scheduling_callcentreagent__agent_history_insert;
CREATE TRIGGER scheduling_callcentreagent__agent_history_insert
BEFORE INSERT ON scheduling_callcentreagent
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance)
BEGIN
SELECT RAISE(ABORT, 'institution rule: this account has made bookings, which the routing report counts for its call centre: it keeps its team') WHERE EXISTS (SELECT 1 FROM scheduling_booking b WHERE b.created_by_id = NEW.user_id);
END;
