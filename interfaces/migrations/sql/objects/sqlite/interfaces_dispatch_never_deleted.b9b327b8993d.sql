-- object: trigger interfaces_dispatch_never_deleted
-- drop: DROP TRIGGER IF EXISTS interfaces_dispatch_never_deleted;
CREATE TRIGGER interfaces_dispatch_never_deleted BEFORE DELETE ON interfaces_dispatch
WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance)
BEGIN SELECT RAISE(ABORT, 'outbound feed: a dispatch is never deleted'); END;
