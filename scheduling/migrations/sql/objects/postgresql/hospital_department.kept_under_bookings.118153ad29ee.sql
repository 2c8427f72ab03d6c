-- object: trigger hospital_department.kept_under_bookings
-- drop: DROP TRIGGER IF EXISTS kept_under_bookings ON public.hospital_department;
CREATE TRIGGER kept_under_bookings BEFORE DELETE ON public.hospital_department FOR EACH ROW EXECUTE FUNCTION public.hospital_department_kept_under_bookings();
