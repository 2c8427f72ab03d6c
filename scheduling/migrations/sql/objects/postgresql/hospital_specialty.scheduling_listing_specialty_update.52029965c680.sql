-- object: trigger hospital_specialty.scheduling_listing_specialty_update
-- drop: DROP TRIGGER IF EXISTS scheduling_listing_specialty_update ON public.hospital_specialty;
CREATE TRIGGER scheduling_listing_specialty_update AFTER UPDATE ON public.hospital_specialty
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.scheduling_listing_on_specialty();
