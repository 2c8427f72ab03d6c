-- object: trigger hospital_membership.audit_row
-- drop: DROP TRIGGER IF EXISTS audit_row ON public.hospital_membership;
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON public.hospital_membership FOR EACH ROW EXECUTE FUNCTION public.audit_row_change();
