-- object: trigger audit_event.audit_event_append_only
-- drop: DROP TRIGGER IF EXISTS audit_event_append_only ON public.audit_event;
CREATE TRIGGER audit_event_append_only BEFORE INSERT OR UPDATE OR DELETE ON public.audit_event FOR EACH ROW EXECUTE FUNCTION public.audit_event_append_only();
