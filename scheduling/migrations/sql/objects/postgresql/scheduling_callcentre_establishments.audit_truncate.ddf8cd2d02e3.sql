-- object: trigger scheduling_callcentre_establishments.audit_truncate
-- drop: DROP TRIGGER IF EXISTS audit_truncate ON public.scheduling_callcentre_establishments;
CREATE TRIGGER audit_truncate AFTER TRUNCATE ON public.scheduling_callcentre_establishments FOR EACH STATEMENT EXECUTE FUNCTION public.audit_table_truncate();
