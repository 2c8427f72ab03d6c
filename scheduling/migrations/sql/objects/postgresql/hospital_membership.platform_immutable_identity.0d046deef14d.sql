-- object: trigger hospital_membership.platform_immutable_identity
-- drop: DROP TRIGGER IF EXISTS platform_immutable_identity ON public.hospital_membership;
CREATE TRIGGER platform_immutable_identity BEFORE UPDATE ON public.hospital_membership FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id OR OLD.establishment_id IS DISTINCT FROM NEW.establishment_id) EXECUTE FUNCTION public.platform_immutable_identity();
