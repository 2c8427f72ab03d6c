-- object: trigger scheduling_callcentreagent.scheduling_callcentreagent_history
-- drop: DROP TRIGGER IF EXISTS scheduling_callcentreagent_history ON public.scheduling_callcentreagent;
CREATE TRIGGER scheduling_callcentreagent_history BEFORE INSERT OR UPDATE OR DELETE ON public.scheduling_callcentreagent FOR EACH ROW EXECUTE FUNCTION public.scheduling_callcentreagent_history();
