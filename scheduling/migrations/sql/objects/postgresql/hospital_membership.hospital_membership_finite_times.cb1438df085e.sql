-- object: trigger hospital_membership.hospital_membership_finite_times
-- drop: DROP TRIGGER IF EXISTS hospital_membership_finite_times ON public.hospital_membership;
CREATE TRIGGER hospital_membership_finite_times BEFORE INSERT OR UPDATE ON public.hospital_membership FOR EACH ROW WHEN (NOT isfinite(NEW."starts_on") OR NOT isfinite(NEW."ends_on")) EXECUTE FUNCTION public.scheduling_finite_times();
