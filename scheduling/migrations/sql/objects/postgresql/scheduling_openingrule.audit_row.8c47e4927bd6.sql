-- object: trigger scheduling_openingrule.audit_row
-- drop: DROP TRIGGER IF EXISTS audit_row ON public.scheduling_openingrule;
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON public.scheduling_openingrule FOR EACH ROW EXECUTE FUNCTION public.audit_row_change();
