-- object: trigger scheduling_visitreason.scheduling_listing_reason_update
-- drop: DROP TRIGGER IF EXISTS scheduling_listing_reason_update ON public.scheduling_visitreason;
CREATE TRIGGER scheduling_listing_reason_update AFTER UPDATE ON public.scheduling_visitreason
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.scheduling_listing_on_reason();
