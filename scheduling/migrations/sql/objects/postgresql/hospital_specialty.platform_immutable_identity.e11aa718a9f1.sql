-- object: trigger hospital_specialty.platform_immutable_identity
-- drop: DROP TRIGGER IF EXISTS platform_immutable_identity ON public.hospital_specialty;
CREATE TRIGGER platform_immutable_identity BEFORE UPDATE ON public.hospital_specialty FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION public.platform_immutable_identity();
