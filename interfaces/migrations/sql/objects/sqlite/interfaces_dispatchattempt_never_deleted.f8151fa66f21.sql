-- object: trigger interfaces_dispatchattempt_never_deleted
-- drop: DROP TRIGGER IF EXISTS interfaces_dispatchattempt_never_deleted;
CREATE TRIGGER interfaces_dispatchattempt_never_deleted BEFORE DELETE ON interfaces_dispatchattempt
WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance)
BEGIN SELECT RAISE(ABORT, 'outbound feed: the delivery log is only added to'); END;
