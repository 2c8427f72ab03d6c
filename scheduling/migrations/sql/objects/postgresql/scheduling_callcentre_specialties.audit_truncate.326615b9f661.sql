-- object: trigger scheduling_callcentre_specialties.audit_truncate
-- drop: DROP TRIGGER IF EXISTS audit_truncate ON public.scheduling_callcentre_specialties;
CREATE TRIGGER audit_truncate AFTER TRUNCATE ON public.scheduling_callcentre_specialties FOR EACH STATEMENT EXECUTE FUNCTION public.audit_table_truncate();
