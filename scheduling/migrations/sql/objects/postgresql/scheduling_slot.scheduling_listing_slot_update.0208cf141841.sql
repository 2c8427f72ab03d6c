-- object: trigger scheduling_slot.scheduling_listing_slot_update
-- drop: DROP TRIGGER IF EXISTS scheduling_listing_slot_update ON public.scheduling_slot;
CREATE TRIGGER scheduling_listing_slot_update AFTER UPDATE ON public.scheduling_slot
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.scheduling_listing_on_slot();
