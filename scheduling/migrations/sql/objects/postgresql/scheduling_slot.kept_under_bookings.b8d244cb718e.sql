-- object: trigger scheduling_slot.kept_under_bookings
-- drop: DROP TRIGGER IF EXISTS kept_under_bookings ON public.scheduling_slot;
CREATE TRIGGER kept_under_bookings BEFORE DELETE ON public.scheduling_slot FOR EACH ROW EXECUTE FUNCTION public.scheduling_slot_kept_under_bookings();
