-- object: trigger hospital_establishment.kept_under_bookings
-- drop: DROP TRIGGER IF EXISTS kept_under_bookings ON public.hospital_establishment;
CREATE TRIGGER kept_under_bookings BEFORE DELETE ON public.hospital_establishment FOR EACH ROW EXECUTE FUNCTION public.hospital_establishment_kept_under_bookings();
