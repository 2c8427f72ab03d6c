-- object: trigger guardian_userobjectpermission.audit_truncate
-- drop: DROP TRIGGER IF EXISTS audit_truncate ON public.guardian_userobjectpermission;
CREATE TRIGGER audit_truncate AFTER TRUNCATE ON public.guardian_userobjectpermission FOR EACH STATEMENT EXECUTE FUNCTION public.audit_table_truncate();
