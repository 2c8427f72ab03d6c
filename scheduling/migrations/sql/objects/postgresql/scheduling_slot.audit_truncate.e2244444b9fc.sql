-- object: trigger scheduling_slot.audit_truncate
-- drop: DROP TRIGGER IF EXISTS audit_truncate ON public.scheduling_slot;
CREATE TRIGGER audit_truncate AFTER TRUNCATE ON public.scheduling_slot FOR EACH STATEMENT EXECUTE FUNCTION public.audit_table_truncate();
