-- object: trigger scheduling_visitreason.audit_truncate
-- drop: DROP TRIGGER IF EXISTS audit_truncate ON public.scheduling_visitreason;
CREATE TRIGGER audit_truncate AFTER TRUNCATE ON public.scheduling_visitreason FOR EACH STATEMENT EXECUTE FUNCTION public.audit_table_truncate();
