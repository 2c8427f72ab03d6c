-- object: trigger scheduling_erasure.audit_truncate
-- drop: DROP TRIGGER IF EXISTS audit_truncate ON public.scheduling_erasure;
CREATE TRIGGER audit_truncate AFTER TRUNCATE ON public.scheduling_erasure FOR EACH STATEMENT EXECUTE FUNCTION public.audit_table_truncate();
