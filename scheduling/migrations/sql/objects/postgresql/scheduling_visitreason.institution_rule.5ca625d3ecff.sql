-- object: trigger scheduling_visitreason.institution_rule
-- drop: DROP TRIGGER IF EXISTS institution_rule ON public.scheduling_visitreason;
CREATE CONSTRAINT TRIGGER institution_rule AFTER UPDATE OR DELETE ON public.scheduling_visitreason DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.scheduling_invariant_on_visitreason();
