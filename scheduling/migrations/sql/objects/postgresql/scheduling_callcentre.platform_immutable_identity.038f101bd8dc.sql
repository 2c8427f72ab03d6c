-- object: trigger scheduling_callcentre.platform_immutable_identity
-- drop: DROP TRIGGER IF EXISTS platform_immutable_identity ON public.scheduling_callcentre;
CREATE TRIGGER platform_immutable_identity BEFORE UPDATE ON public.scheduling_callcentre FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION public.platform_immutable_identity();
