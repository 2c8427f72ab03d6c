-- object: trigger audit_seal_request.audit_seal_request_seal_last
-- drop: DROP TRIGGER IF EXISTS audit_seal_request_seal_last ON public.audit_seal_request;
CREATE CONSTRAINT TRIGGER audit_seal_request_seal_last AFTER DELETE ON public.audit_seal_request DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.audit_seal();
