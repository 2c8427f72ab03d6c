-- object: trigger scheduling_agenda.kept_under_bookings
-- drop: DROP TRIGGER IF EXISTS kept_under_bookings ON public.scheduling_agenda;
CREATE TRIGGER kept_under_bookings BEFORE DELETE ON public.scheduling_agenda FOR EACH ROW EXECUTE FUNCTION public.scheduling_agenda_kept_under_bookings();
