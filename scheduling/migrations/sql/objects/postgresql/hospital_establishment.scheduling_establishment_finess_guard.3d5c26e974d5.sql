-- object: trigger hospital_establishment.scheduling_establishment_finess_guard
-- drop: DROP TRIGGER IF EXISTS scheduling_establishment_finess_guard ON public.hospital_establishment;
CREATE TRIGGER scheduling_establishment_finess_guard AFTER UPDATE ON public.hospital_establishment FOR EACH ROW WHEN (OLD.finess IS DISTINCT FROM NEW.finess) EXECUTE FUNCTION public.scheduling_establishment_finess_guard();
