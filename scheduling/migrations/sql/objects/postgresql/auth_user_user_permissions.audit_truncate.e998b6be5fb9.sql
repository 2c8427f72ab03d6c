-- object: trigger auth_user_user_permissions.audit_truncate
-- drop: DROP TRIGGER IF EXISTS audit_truncate ON public.auth_user_user_permissions;
CREATE TRIGGER audit_truncate AFTER TRUNCATE ON public.auth_user_user_permissions FOR EACH STATEMENT EXECUTE FUNCTION public.audit_table_truncate();
