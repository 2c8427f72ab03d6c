-- object: table audit_chain_head
-- drop: DROP TABLE IF EXISTS public.audit_chain_head;
CREATE TABLE IF NOT EXISTS public.audit_chain_head (
    id integer PRIMARY KEY CHECK (id = 1),
    seq bigint NOT NULL,
    hash varchar(64) NOT NULL
);
REVOKE ALL ON public.audit_chain_head FROM PUBLIC;
INSERT INTO public.audit_chain_head (id, seq, hash)
SELECT 1, coalesce(max(e.seq), 0),
       coalesce((SELECT hash FROM public.audit_event ORDER BY seq DESC LIMIT 1), '0000000000000000000000000000000000000000000000000000000000000000')
  FROM public.audit_event e
ON CONFLICT (id) DO NOTHING;
