-- object: trigger auth_user_groups.audit_truncate
-- drop: DROP TRIGGER IF EXISTS audit_truncate ON public.auth_user_groups;
CREATE TRIGGER audit_truncate AFTER TRUNCATE ON public.auth_user_groups FOR EACH STATEMENT EXECUTE FUNCTION public.audit_table_truncate();
