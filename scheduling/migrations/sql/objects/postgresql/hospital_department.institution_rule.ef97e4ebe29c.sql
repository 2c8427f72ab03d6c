-- object: trigger hospital_department.institution_rule
-- drop: DROP TRIGGER IF EXISTS institution_rule ON public.hospital_department;
CREATE CONSTRAINT TRIGGER institution_rule AFTER UPDATE OR DELETE ON public.hospital_department DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.scheduling_invariant_on_department();
