-- object: trigger scheduling_slot.scheduling_listing_slot_delete
-- drop: DROP TRIGGER IF EXISTS scheduling_listing_slot_delete ON public.scheduling_slot;
CREATE TRIGGER scheduling_listing_slot_delete AFTER DELETE ON public.scheduling_slot
REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION public.scheduling_listing_on_slot();
