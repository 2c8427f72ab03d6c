-- object: trigger scheduling_agenda.audit_truncate
-- drop: DROP TRIGGER IF EXISTS audit_truncate ON public.scheduling_agenda;
CREATE TRIGGER audit_truncate AFTER TRUNCATE ON public.scheduling_agenda FOR EACH STATEMENT EXECUTE FUNCTION public.audit_table_truncate();
