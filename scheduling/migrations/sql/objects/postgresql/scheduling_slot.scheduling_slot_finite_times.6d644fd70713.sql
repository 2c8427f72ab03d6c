-- object: trigger scheduling_slot.scheduling_slot_finite_times
-- drop: DROP TRIGGER IF EXISTS scheduling_slot_finite_times ON public.scheduling_slot;
CREATE TRIGGER scheduling_slot_finite_times BEFORE INSERT OR UPDATE ON public.scheduling_slot FOR EACH ROW WHEN (NOT isfinite(NEW."start") OR NOT isfinite(NEW."end")) EXECUTE FUNCTION public.scheduling_finite_times();
