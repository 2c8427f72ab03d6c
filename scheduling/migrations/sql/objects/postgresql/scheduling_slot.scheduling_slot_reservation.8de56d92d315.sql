-- object: trigger scheduling_slot.scheduling_slot_reservation
-- drop: DROP TRIGGER IF EXISTS scheduling_slot_reservation ON public.scheduling_slot;
CREATE TRIGGER scheduling_slot_reservation AFTER UPDATE ON public.scheduling_slot FOR EACH ROW WHEN (OLD.reserved_for IS DISTINCT FROM NEW.reserved_for OR OLD.opens_to_all_at IS DISTINCT FROM NEW.opens_to_all_at) EXECUTE FUNCTION public.scheduling_slot_reservation();
