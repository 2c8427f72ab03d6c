-- object: trigger scheduling_waitlistentry.audit_row
-- drop: DROP TRIGGER IF EXISTS audit_row ON public.scheduling_waitlistentry;
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON public.scheduling_waitlistentry FOR EACH ROW EXECUTE FUNCTION public.audit_row_change();
