-- object: trigger auth_permission.audit_truncate
-- drop: DROP TRIGGER IF EXISTS audit_truncate ON public.auth_permission;
CREATE TRIGGER audit_truncate AFTER TRUNCATE ON public.auth_permission FOR EACH STATEMENT EXECUTE FUNCTION public.audit_table_truncate();
