-- object: trigger scheduling_booking.scheduling_booking_partner_opt_in
-- drop: DROP TRIGGER IF EXISTS scheduling_booking_partner_opt_in ON public.scheduling_booking;
CREATE TRIGGER scheduling_booking_partner_opt_in BEFORE INSERT OR UPDATE ON public.scheduling_booking FOR EACH ROW EXECUTE FUNCTION public.scheduling_booking_partner_opt_in();
