-- object: trigger scheduling_erasure.audit_row
-- drop: DROP TRIGGER IF EXISTS audit_row ON public.scheduling_erasure;
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON public.scheduling_erasure FOR EACH ROW EXECUTE FUNCTION public.audit_row_change();
