-- object: trigger scheduling_apiclient.api_client_history_delete
-- drop: DROP TRIGGER IF EXISTS scheduling_apiclient__api_client_history_delete;
CREATE TRIGGER scheduling_apiclient__api_client_history_delete
BEFORE DELETE ON scheduling_apiclient
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance)
BEGIN
SELECT RAISE(ABORT, 'institution rule: this API client has made bookings, which the routing report counts for it: it is not deleted, deactivate it') WHERE EXISTS (SELECT 1 FROM scheduling_booking b WHERE b.created_by_id = OLD.user_id);
END;
