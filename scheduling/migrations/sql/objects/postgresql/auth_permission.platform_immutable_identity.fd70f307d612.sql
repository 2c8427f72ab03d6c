-- object: trigger auth_permission.platform_immutable_identity
-- drop: DROP TRIGGER IF EXISTS platform_immutable_identity ON public.auth_permission;
CREATE TRIGGER platform_immutable_identity BEFORE UPDATE ON public.auth_permission FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION public.platform_immutable_identity();
