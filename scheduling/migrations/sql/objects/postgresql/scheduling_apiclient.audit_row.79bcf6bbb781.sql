-- object: trigger scheduling_apiclient.audit_row
-- drop: DROP TRIGGER IF EXISTS audit_row ON public.scheduling_apiclient;
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON public.scheduling_apiclient FOR EACH ROW EXECUTE FUNCTION public.audit_row_change('token_digest');
