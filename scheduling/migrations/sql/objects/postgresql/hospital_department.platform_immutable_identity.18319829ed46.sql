-- object: trigger hospital_department.platform_immutable_identity
-- drop: DROP TRIGGER IF EXISTS platform_immutable_identity ON public.hospital_department;
CREATE TRIGGER platform_immutable_identity BEFORE UPDATE ON public.hospital_department FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION public.platform_immutable_identity();
