-- object: trigger hospital_membership.hospital_membership_history
-- drop: DROP TRIGGER IF EXISTS hospital_membership_history ON public.hospital_membership;
CREATE TRIGGER hospital_membership_history BEFORE INSERT OR UPDATE OR DELETE ON public.hospital_membership FOR EACH ROW EXECUTE FUNCTION public.hospital_membership_history();
