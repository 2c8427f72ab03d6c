-- object: trigger audit_log_input.audit_log_input_insert
-- drop: DROP TRIGGER IF EXISTS audit_log_input_insert ON public.audit_log_input;
CREATE TRIGGER audit_log_input_insert INSTEAD OF INSERT ON public.audit_log_input FOR EACH ROW EXECUTE FUNCTION public.audit_log_input_insert();
