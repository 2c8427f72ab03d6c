-- object: trigger auth_user_groups.audit_row
-- drop: DROP TRIGGER IF EXISTS audit_row ON public.auth_user_groups;
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON public.auth_user_groups FOR EACH ROW EXECUTE FUNCTION public.audit_row_change();
