-- object: trigger scheduling_agenda.scheduling_listing_agenda_update
-- drop: DROP TRIGGER IF EXISTS scheduling_listing_agenda_update ON public.scheduling_agenda;
CREATE TRIGGER scheduling_listing_agenda_update AFTER UPDATE ON public.scheduling_agenda
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.scheduling_listing_on_agenda();
