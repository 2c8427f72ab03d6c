-- object: trigger scheduling_booking.partner_books_on_partner_channel
-- drop: DROP TRIGGER IF EXISTS scheduling_booking__partner_books_on_partner_channel;
CREATE TRIGGER scheduling_booking__partner_books_on_partner_channel
BEFORE INSERT ON scheduling_booking
FOR EACH ROW WHEN NEW.channel <> 'partner' AND (SELECT c.id FROM scheduling_apiclient c WHERE c.user_id = NEW.created_by_id AND c.kind = 'partner') IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'institution rule: a partner portal books on the partner channel only');
END;
