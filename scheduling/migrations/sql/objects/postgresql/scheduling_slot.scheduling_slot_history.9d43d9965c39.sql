-- object: trigger scheduling_slot.scheduling_slot_history
-- drop: DROP TRIGGER IF EXISTS scheduling_slot_history ON public.scheduling_slot;
CREATE TRIGGER scheduling_slot_history BEFORE UPDATE ON public.scheduling_slot FOR EACH ROW WHEN (OLD.agenda_id IS DISTINCT FROM NEW.agenda_id OR OLD.start IS DISTINCT FROM NEW.start OR OLD."end" IS DISTINCT FROM NEW."end") EXECUTE FUNCTION public.scheduling_slot_history();
