-- object: trigger hospital_affiliation.audit_row
-- drop: DROP TRIGGER IF EXISTS audit_row ON public.hospital_affiliation;
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON public.hospital_affiliation FOR EACH ROW EXECUTE FUNCTION public.audit_row_change();
