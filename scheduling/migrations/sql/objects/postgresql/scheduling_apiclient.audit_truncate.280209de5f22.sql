-- object: trigger scheduling_apiclient.audit_truncate
-- drop: DROP TRIGGER IF EXISTS audit_truncate ON public.scheduling_apiclient;
CREATE TRIGGER audit_truncate AFTER TRUNCATE ON public.scheduling_apiclient FOR EACH STATEMENT EXECUTE FUNCTION public.audit_table_truncate();
