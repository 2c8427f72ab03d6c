-- object: trigger scheduling_booking.institution_rule
-- drop: DROP TRIGGER IF EXISTS institution_rule ON public.scheduling_booking;
CREATE CONSTRAINT TRIGGER institution_rule AFTER INSERT OR UPDATE ON public.scheduling_booking DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.scheduling_invariant_on_booking();
