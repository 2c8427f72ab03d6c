-- object: trigger scheduling_apiclient.api_client_history_insert
-- drop: DROP TRIGGER IF EXISTS scheduling_apiclient__api_client_history_insert;
CREATE TRIGGER scheduling_apiclient__api_client_history_insert
BEFORE INSERT ON scheduling_apiclient
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance)
BEGIN
SELECT RAISE(ABORT, 'institution rule: this account has made bookings, which the routing report would count for this API client: a client is given a new service account') WHERE EXISTS (SELECT 1 FROM scheduling_booking b WHERE b.created_by_id = NEW.user_id);
END;
