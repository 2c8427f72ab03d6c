-- object: trigger scheduling_agenda.scheduling_agenda_repoint_guard
-- drop: DROP TRIGGER IF EXISTS scheduling_agenda_repoint_guard ON public.scheduling_agenda;
CREATE TRIGGER scheduling_agenda_repoint_guard AFTER UPDATE ON public.scheduling_agenda FOR EACH ROW WHEN (OLD.practitioner_id IS DISTINCT FROM NEW.practitioner_id OR OLD.department_id IS DISTINCT FROM NEW.department_id) EXECUTE FUNCTION public.scheduling_agenda_repoint_guard();
