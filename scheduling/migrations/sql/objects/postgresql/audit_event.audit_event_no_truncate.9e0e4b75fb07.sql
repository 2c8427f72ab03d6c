-- object: trigger audit_event.audit_event_no_truncate
-- drop: DROP TRIGGER IF EXISTS audit_event_no_truncate ON public.audit_event;
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON public.audit_event FOR EACH STATEMENT EXECUTE FUNCTION public.audit_event_append_only();
