-- object: trigger interfaces_dispatch.interfaces_dispatch_identity_kept
-- drop: DROP TRIGGER IF EXISTS interfaces_dispatch_identity_kept ON public.interfaces_dispatch;
CREATE TRIGGER interfaces_dispatch_identity_kept BEFORE UPDATE ON public.interfaces_dispatch FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id OR OLD.event_id IS DISTINCT FROM NEW.event_id OR OLD.endpoint_id IS DISTINCT FROM NEW.endpoint_id OR OLD.booking_id IS DISTINCT FROM NEW.booking_id) EXECUTE FUNCTION public.interfaces_dispatch_identity_kept();
