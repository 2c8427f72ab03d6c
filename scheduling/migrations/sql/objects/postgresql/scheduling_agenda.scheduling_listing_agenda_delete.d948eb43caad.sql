-- object: trigger scheduling_agenda.scheduling_listing_agenda_delete
-- drop: DROP TRIGGER IF EXISTS scheduling_listing_agenda_delete ON public.scheduling_agenda;
CREATE TRIGGER scheduling_listing_agenda_delete AFTER DELETE ON public.scheduling_agenda
REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION public.scheduling_listing_on_agenda();
