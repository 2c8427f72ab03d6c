-- object: trigger auth_user.audit_truncate
-- drop: DROP TRIGGER IF EXISTS audit_truncate ON public.auth_user;
CREATE TRIGGER audit_truncate AFTER TRUNCATE ON public.auth_user FOR EACH STATEMENT EXECUTE FUNCTION public.audit_table_truncate();
