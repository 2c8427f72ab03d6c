-- object: trigger scheduling_booking.scheduling_booking_lifecycle
-- drop: DROP TRIGGER IF EXISTS scheduling_booking_lifecycle ON public.scheduling_booking;
CREATE TRIGGER scheduling_booking_lifecycle BEFORE INSERT OR UPDATE OR DELETE ON public.scheduling_booking FOR EACH ROW EXECUTE FUNCTION public.scheduling_booking_lifecycle();
