-- object: trigger scheduling_patient.platform_immutable_identity
-- drop: DROP TRIGGER IF EXISTS platform_immutable_identity ON public.scheduling_patient;
CREATE TRIGGER platform_immutable_identity BEFORE UPDATE ON public.scheduling_patient FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id OR OLD.public_id IS DISTINCT FROM NEW.public_id) EXECUTE FUNCTION public.platform_immutable_identity();
