-- object: trigger scheduling_booking.scheduling_listing
-- drop: DROP TRIGGER IF EXISTS scheduling_listing ON public.scheduling_booking;
CREATE CONSTRAINT TRIGGER scheduling_listing AFTER INSERT OR UPDATE OR DELETE
ON public.scheduling_booking DEFERRABLE INITIALLY DEFERRED
FOR EACH ROW EXECUTE FUNCTION public.scheduling_listing_on_booking();
