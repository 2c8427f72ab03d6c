-- object: trigger hospital_membership.hospital_membership_refresh_flag
-- drop: DROP TRIGGER IF EXISTS hospital_membership_refresh_flag ON public.hospital_membership;
CREATE TRIGGER hospital_membership_refresh_flag AFTER INSERT OR UPDATE OR DELETE ON public.hospital_membership FOR EACH ROW EXECUTE FUNCTION public.hospital_membership_refresh_flag();
