-- object: trigger scheduling_visitreason.scheduling_reason_move_guard
-- drop: DROP TRIGGER IF EXISTS scheduling_reason_move_guard ON public.scheduling_visitreason;
CREATE TRIGGER scheduling_reason_move_guard AFTER UPDATE ON public.scheduling_visitreason FOR EACH ROW WHEN (OLD.agenda_id IS DISTINCT FROM NEW.agenda_id) EXECUTE FUNCTION public.scheduling_reason_move_guard();
