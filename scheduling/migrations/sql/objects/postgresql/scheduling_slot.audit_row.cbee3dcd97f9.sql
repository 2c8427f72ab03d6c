-- object: trigger scheduling_slot.audit_row
-- drop: DROP TRIGGER IF EXISTS audit_row ON public.scheduling_slot;
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON public.scheduling_slot FOR EACH ROW EXECUTE FUNCTION public.audit_row_change();
