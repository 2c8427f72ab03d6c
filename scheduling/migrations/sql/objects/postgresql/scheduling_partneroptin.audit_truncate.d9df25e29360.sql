-- object: trigger scheduling_partneroptin.audit_truncate
-- drop: DROP TRIGGER IF EXISTS audit_truncate ON public.scheduling_partneroptin;
CREATE TRIGGER audit_truncate AFTER TRUNCATE ON public.scheduling_partneroptin FOR EACH STATEMENT EXECUTE FUNCTION public.audit_table_truncate();
