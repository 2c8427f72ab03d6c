-- object: trigger hospital_practitioner_specialties.platform_immutable_identity
-- drop: DROP TRIGGER IF EXISTS platform_immutable_identity ON public.hospital_practitioner_specialties;
CREATE TRIGGER platform_immutable_identity BEFORE UPDATE ON public.hospital_practitioner_specialties FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION public.platform_immutable_identity();
