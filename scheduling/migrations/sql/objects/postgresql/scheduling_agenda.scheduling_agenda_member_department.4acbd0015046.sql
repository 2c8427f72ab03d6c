-- object: trigger scheduling_agenda.scheduling_agenda_member_department
-- drop: DROP TRIGGER IF EXISTS scheduling_agenda_member_department ON public.scheduling_agenda;
CREATE TRIGGER scheduling_agenda_member_department BEFORE INSERT OR UPDATE OF department_id ON public.scheduling_agenda FOR EACH ROW EXECUTE FUNCTION public.scheduling_agenda_member_department();
