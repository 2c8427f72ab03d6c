-- object: trigger hospital_affiliation.institution_rule
-- drop: DROP TRIGGER IF EXISTS institution_rule ON public.hospital_affiliation;
CREATE CONSTRAINT TRIGGER institution_rule AFTER UPDATE OR DELETE ON public.hospital_affiliation DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.scheduling_invariant_on_affiliation();
