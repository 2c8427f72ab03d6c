-- object: trigger interfaces_endpoint.audit_row
-- drop: DROP TRIGGER IF EXISTS audit_row ON public.interfaces_endpoint;
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON public.interfaces_endpoint FOR EACH ROW EXECUTE FUNCTION public.audit_row_change('secret');
