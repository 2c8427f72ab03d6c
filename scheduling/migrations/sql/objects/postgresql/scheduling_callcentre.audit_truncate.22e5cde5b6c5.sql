-- object: trigger scheduling_callcentre.audit_truncate
-- drop: DROP TRIGGER IF EXISTS audit_truncate ON public.scheduling_callcentre;
CREATE TRIGGER audit_truncate AFTER TRUNCATE ON public.scheduling_callcentre FOR EACH STATEMENT EXECUTE FUNCTION public.audit_table_truncate();
