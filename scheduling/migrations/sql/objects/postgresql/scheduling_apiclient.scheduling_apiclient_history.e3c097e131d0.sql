-- object: trigger scheduling_apiclient.scheduling_apiclient_history
-- drop: DROP TRIGGER IF EXISTS scheduling_apiclient_history ON public.scheduling_apiclient;
CREATE TRIGGER scheduling_apiclient_history BEFORE INSERT OR DELETE ON public.scheduling_apiclient FOR EACH ROW EXECUTE FUNCTION public.scheduling_apiclient_history();
