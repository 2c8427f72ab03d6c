-- object: trigger scheduling_patient.audit_row
-- drop: DROP TRIGGER IF EXISTS audit_row ON public.scheduling_patient;
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON public.scheduling_patient FOR EACH ROW EXECUTE FUNCTION public.audit_row_change('first_name', 'last_name', 'birth_date', 'email', 'phone', 'ins');
