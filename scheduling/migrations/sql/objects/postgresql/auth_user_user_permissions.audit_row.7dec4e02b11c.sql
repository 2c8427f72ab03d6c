-- object: trigger auth_user_user_permissions.audit_row
-- drop: DROP TRIGGER IF EXISTS audit_row ON public.auth_user_user_permissions;
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON public.auth_user_user_permissions FOR EACH ROW EXECUTE FUNCTION public.audit_row_change();
