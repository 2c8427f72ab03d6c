-- object: trigger auth_group.audit_truncate
-- drop: DROP TRIGGER IF EXISTS audit_truncate ON public.auth_group;
CREATE TRIGGER audit_truncate AFTER TRUNCATE ON public.auth_group FOR EACH STATEMENT EXECUTE FUNCTION public.audit_table_truncate();
