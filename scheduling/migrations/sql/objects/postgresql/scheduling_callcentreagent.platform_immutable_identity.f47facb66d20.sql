-- object: trigger scheduling_callcentreagent.platform_immutable_identity
-- drop: DROP TRIGGER IF EXISTS platform_immutable_identity ON public.scheduling_callcentreagent;
CREATE TRIGGER platform_immutable_identity BEFORE UPDATE ON public.scheduling_callcentreagent FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id OR OLD.user_id IS DISTINCT FROM NEW.user_id) EXECUTE FUNCTION public.platform_immutable_identity();
