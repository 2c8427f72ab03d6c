-- object: trigger scheduling_agenda.institution_rule
-- drop: DROP TRIGGER IF EXISTS institution_rule ON public.scheduling_agenda;
CREATE CONSTRAINT TRIGGER institution_rule AFTER UPDATE OR DELETE ON public.scheduling_agenda DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.scheduling_invariant_on_agenda();
