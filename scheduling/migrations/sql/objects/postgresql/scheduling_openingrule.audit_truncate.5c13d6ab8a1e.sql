-- object: trigger scheduling_openingrule.audit_truncate
-- drop: DROP TRIGGER IF EXISTS audit_truncate ON public.scheduling_openingrule;
CREATE TRIGGER audit_truncate AFTER TRUNCATE ON public.scheduling_openingrule FOR EACH STATEMENT EXECUTE FUNCTION public.audit_table_truncate();
