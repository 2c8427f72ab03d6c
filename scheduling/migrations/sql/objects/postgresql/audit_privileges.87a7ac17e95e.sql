-- object: grant audit_privileges
-- drop: SELECT 1;
REVOKE ALL ON FUNCTION public.audit_write(text, text, text, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION public.audit_mask(text) FROM PUBLIC;
REVOKE ALL ON FUNCTION public.audit_mask_json(jsonb) FROM PUBLIC;
REVOKE ALL ON TABLE public.audit_pending, public.audit_secret, public.audit_chain_head,
    public.audit_seal_request FROM PUBLIC;
