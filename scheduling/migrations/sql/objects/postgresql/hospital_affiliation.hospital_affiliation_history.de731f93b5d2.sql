-- object: trigger hospital_affiliation.hospital_affiliation_history
-- drop: DROP TRIGGER IF EXISTS hospital_affiliation_history ON public.hospital_affiliation;
CREATE TRIGGER hospital_affiliation_history BEFORE INSERT OR UPDATE ON public.hospital_affiliation FOR EACH ROW EXECUTE FUNCTION public.hospital_affiliation_history();
