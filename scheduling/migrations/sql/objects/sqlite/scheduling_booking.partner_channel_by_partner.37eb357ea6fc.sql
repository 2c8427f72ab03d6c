-- object: trigger scheduling_booking.partner_channel_by_partner
-- drop: DROP TRIGGER IF EXISTS scheduling_booking__partner_channel_by_partner;
CREATE TRIGGER scheduling_booking__partner_channel_by_partner
BEFORE INSERT ON scheduling_booking
FOR EACH ROW WHEN NEW.channel = 'partner' AND (SELECT c.id FROM scheduling_apiclient c WHERE c.user_id = NEW.created_by_id AND c.kind = 'partner') IS NULL
BEGIN
    SELECT RAISE(ABORT, 'institution rule: only a partner portal books on the partner channel');
END;
