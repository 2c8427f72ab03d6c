-- object: trigger hospital_affiliation.hospital_affiliation_finite_times
-- drop: DROP TRIGGER IF EXISTS hospital_affiliation_finite_times ON public.hospital_affiliation;
CREATE TRIGGER hospital_affiliation_finite_times BEFORE INSERT OR UPDATE ON public.hospital_affiliation FOR EACH ROW WHEN (NOT isfinite(NEW."start_date") OR NOT isfinite(NEW."end_date")) EXECUTE FUNCTION public.scheduling_finite_times();
