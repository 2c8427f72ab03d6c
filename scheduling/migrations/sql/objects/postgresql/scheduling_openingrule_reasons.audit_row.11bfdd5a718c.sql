-- object: trigger scheduling_openingrule_reasons.audit_row
-- drop: DROP TRIGGER IF EXISTS audit_row ON public.scheduling_openingrule_reasons;
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON public.scheduling_openingrule_reasons FOR EACH ROW EXECUTE FUNCTION public.audit_row_change();
