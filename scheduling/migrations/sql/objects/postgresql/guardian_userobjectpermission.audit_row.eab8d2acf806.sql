-- object: trigger guardian_userobjectpermission.audit_row
-- drop: DROP TRIGGER IF EXISTS audit_row ON public.guardian_userobjectpermission;
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON public.guardian_userobjectpermission FOR EACH ROW EXECUTE FUNCTION public.audit_row_change();
