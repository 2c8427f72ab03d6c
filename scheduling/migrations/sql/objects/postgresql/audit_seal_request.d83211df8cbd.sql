-- object: table audit_seal_request
-- drop: DROP TABLE IF EXISTS public.audit_seal_request;
CREATE TABLE IF NOT EXISTS public.audit_seal_request (
    txid xid8 PRIMARY KEY
);
REVOKE ALL ON public.audit_seal_request FROM PUBLIC;
