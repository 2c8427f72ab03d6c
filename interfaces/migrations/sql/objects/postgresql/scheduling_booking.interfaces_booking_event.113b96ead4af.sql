-- object: trigger scheduling_booking.interfaces_booking_event
-- drop: DROP TRIGGER IF EXISTS interfaces_booking_event ON public.scheduling_booking;
CREATE TRIGGER interfaces_booking_event AFTER INSERT OR UPDATE ON public.scheduling_booking FOR EACH ROW EXECUTE FUNCTION public.interfaces_booking_event();
