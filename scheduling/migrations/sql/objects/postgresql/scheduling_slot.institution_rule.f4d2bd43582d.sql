-- object: trigger scheduling_slot.institution_rule
-- drop: DROP TRIGGER IF EXISTS institution_rule ON public.scheduling_slot;
CREATE CONSTRAINT TRIGGER institution_rule AFTER UPDATE OR DELETE ON public.scheduling_slot DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.scheduling_invariant_on_slot();
