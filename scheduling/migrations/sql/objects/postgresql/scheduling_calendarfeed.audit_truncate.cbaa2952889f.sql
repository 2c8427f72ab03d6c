-- object: trigger scheduling_calendarfeed.audit_truncate
-- drop: DROP TRIGGER IF EXISTS audit_truncate ON public.scheduling_calendarfeed;
CREATE TRIGGER audit_truncate AFTER TRUNCATE ON public.scheduling_calendarfeed FOR EACH STATEMENT EXECUTE FUNCTION public.audit_table_truncate();
