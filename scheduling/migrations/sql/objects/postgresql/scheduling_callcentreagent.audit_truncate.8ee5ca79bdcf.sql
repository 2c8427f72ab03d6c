-- object: trigger scheduling_callcentreagent.audit_truncate
-- drop: DROP TRIGGER IF EXISTS audit_truncate ON public.scheduling_callcentreagent;
CREATE TRIGGER audit_truncate AFTER TRUNCATE ON public.scheduling_callcentreagent FOR EACH STATEMENT EXECUTE FUNCTION public.audit_table_truncate();
