-- object: trigger django_content_type.platform_immutable_identity
-- drop: DROP TRIGGER IF EXISTS platform_immutable_identity ON public.django_content_type;
CREATE TRIGGER platform_immutable_identity BEFORE UPDATE ON public.django_content_type FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION public.platform_immutable_identity();
