-- object: trigger scheduling_callcentre_specialties.audit_row
-- drop: DROP TRIGGER IF EXISTS audit_row ON public.scheduling_callcentre_specialties;
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON public.scheduling_callcentre_specialties FOR EACH ROW EXECUTE FUNCTION public.audit_row_change();
