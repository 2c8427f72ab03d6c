-- object: trigger scheduling_calendarfeed.audit_row
-- drop: DROP TRIGGER IF EXISTS audit_row ON public.scheduling_calendarfeed;
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON public.scheduling_calendarfeed FOR EACH ROW EXECUTE FUNCTION public.audit_row_change('token_digest');
