-- object: trigger scheduling_partneroptin.audit_row
-- drop: DROP TRIGGER IF EXISTS audit_row ON public.scheduling_partneroptin;
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON public.scheduling_partneroptin FOR EACH ROW EXECUTE FUNCTION public.audit_row_change();
