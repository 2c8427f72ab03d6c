-- object: trigger guardian_groupobjectpermission.audit_truncate
-- drop: DROP TRIGGER IF EXISTS audit_truncate ON public.guardian_groupobjectpermission;
CREATE TRIGGER audit_truncate AFTER TRUNCATE ON public.guardian_groupobjectpermission FOR EACH STATEMENT EXECUTE FUNCTION public.audit_table_truncate();
