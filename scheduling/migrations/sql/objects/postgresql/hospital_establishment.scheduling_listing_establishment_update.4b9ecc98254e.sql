-- object: trigger hospital_establishment.scheduling_listing_establishment_update
-- drop: DROP TRIGGER IF EXISTS scheduling_listing_establishment_update ON public.hospital_establishment;
CREATE TRIGGER scheduling_listing_establishment_update AFTER UPDATE ON public.hospital_establishment
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.scheduling_listing_on_establishment();
