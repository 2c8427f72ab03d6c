-- object: trigger scheduling_apiclient_departments.audit_truncate
-- drop: DROP TRIGGER IF EXISTS audit_truncate ON public.scheduling_apiclient_departments;
CREATE TRIGGER audit_truncate AFTER TRUNCATE ON public.scheduling_apiclient_departments FOR EACH STATEMENT EXECUTE FUNCTION public.audit_table_truncate();
