-- object: trigger scheduling_slot.scheduling_listing_slot_insert
-- drop: DROP TRIGGER IF EXISTS scheduling_listing_slot_insert ON public.scheduling_slot;
CREATE TRIGGER scheduling_listing_slot_insert AFTER INSERT ON public.scheduling_slot
REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.scheduling_listing_on_slot();
