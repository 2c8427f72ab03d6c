-- object: trigger scheduling_absence.audit_truncate
-- drop: DROP TRIGGER IF EXISTS audit_truncate ON public.scheduling_absence;
CREATE TRIGGER audit_truncate AFTER TRUNCATE ON public.scheduling_absence FOR EACH STATEMENT EXECUTE FUNCTION public.audit_table_truncate();
