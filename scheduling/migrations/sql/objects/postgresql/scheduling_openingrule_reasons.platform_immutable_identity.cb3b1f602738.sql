-- object: trigger scheduling_openingrule_reasons.platform_immutable_identity
-- drop: DROP TRIGGER IF EXISTS platform_immutable_identity ON public.scheduling_openingrule_reasons;
CREATE TRIGGER platform_immutable_identity BEFORE UPDATE ON public.scheduling_openingrule_reasons FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION public.platform_immutable_identity();
