-- object: trigger hospital_establishment.hospital_establishment_member_flag
-- drop: DROP TRIGGER IF EXISTS hospital_establishment_member_flag ON public.hospital_establishment;
CREATE TRIGGER hospital_establishment_member_flag BEFORE INSERT OR UPDATE ON public.hospital_establishment FOR EACH ROW EXECUTE FUNCTION public.hospital_establishment_member_flag();
