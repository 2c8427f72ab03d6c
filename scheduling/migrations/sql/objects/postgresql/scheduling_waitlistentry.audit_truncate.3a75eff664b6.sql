-- object: trigger scheduling_waitlistentry.audit_truncate
-- drop: DROP TRIGGER IF EXISTS audit_truncate ON public.scheduling_waitlistentry;
CREATE TRIGGER audit_truncate AFTER TRUNCATE ON public.scheduling_waitlistentry FOR EACH STATEMENT EXECUTE FUNCTION public.audit_table_truncate();
