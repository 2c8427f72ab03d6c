-- object: trigger scheduling_openingrule_reasons.audit_truncate
-- drop: DROP TRIGGER IF EXISTS audit_truncate ON public.scheduling_openingrule_reasons;
CREATE TRIGGER audit_truncate AFTER TRUNCATE ON public.scheduling_openingrule_reasons FOR EACH STATEMENT EXECUTE FUNCTION public.audit_table_truncate();
