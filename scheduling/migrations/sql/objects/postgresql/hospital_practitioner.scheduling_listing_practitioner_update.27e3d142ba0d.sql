-- object: trigger hospital_practitioner.scheduling_listing_practitioner_update
-- drop: DROP TRIGGER IF EXISTS scheduling_listing_practitioner_update ON public.hospital_practitioner;
CREATE TRIGGER scheduling_listing_practitioner_update AFTER UPDATE ON public.hospital_practitioner
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.scheduling_listing_on_practitioner();
