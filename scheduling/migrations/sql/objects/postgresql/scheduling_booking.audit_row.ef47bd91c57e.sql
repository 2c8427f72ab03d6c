-- object: trigger scheduling_booking.audit_row
-- drop: DROP TRIGGER IF EXISTS audit_row ON public.scheduling_booking;
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON public.scheduling_booking FOR EACH ROW EXECUTE FUNCTION public.audit_row_change('cancel_reason', 'confirmation_digest');
