-- object: trigger scheduling_booking.scheduling_booking_reservation
-- drop: DROP TRIGGER IF EXISTS scheduling_booking_reservation ON public.scheduling_booking;
CREATE TRIGGER scheduling_booking_reservation BEFORE INSERT OR UPDATE ON public.scheduling_booking FOR EACH ROW EXECUTE FUNCTION public.scheduling_booking_reservation();
