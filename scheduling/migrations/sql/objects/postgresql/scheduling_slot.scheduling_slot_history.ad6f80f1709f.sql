-- object: trigger scheduling_slot.scheduling_slot_history
-- drop: DROP TRIGGER IF EXISTS scheduling_slot_history ON public.scheduling_slot;
CREATE TRIGGER scheduling_slot_history BEFORE INSERT OR UPDATE OR DELETE ON public.scheduling_slot FOR EACH ROW EXECUTE FUNCTION public.scheduling_slot_history();
