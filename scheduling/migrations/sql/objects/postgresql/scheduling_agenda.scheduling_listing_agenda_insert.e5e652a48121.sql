-- object: trigger scheduling_agenda.scheduling_listing_agenda_insert
-- drop: DROP TRIGGER IF EXISTS scheduling_listing_agenda_insert ON public.scheduling_agenda;
CREATE TRIGGER scheduling_listing_agenda_insert AFTER INSERT ON public.scheduling_agenda
REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.scheduling_listing_on_agenda();
