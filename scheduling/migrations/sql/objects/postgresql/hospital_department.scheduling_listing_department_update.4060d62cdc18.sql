-- object: trigger hospital_department.scheduling_listing_department_update
-- drop: DROP TRIGGER IF EXISTS scheduling_listing_department_update ON public.hospital_department;
CREATE TRIGGER scheduling_listing_department_update AFTER UPDATE ON public.hospital_department
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.scheduling_listing_on_department();
