-- object: trigger scheduling_booking.audit_truncate
-- drop: DROP TRIGGER IF EXISTS audit_truncate ON public.scheduling_booking;
CREATE TRIGGER audit_truncate AFTER TRUNCATE ON public.scheduling_booking FOR EACH STATEMENT EXECUTE FUNCTION public.audit_table_truncate();
