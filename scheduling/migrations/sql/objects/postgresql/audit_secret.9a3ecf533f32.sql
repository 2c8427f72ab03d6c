-- object: table audit_secret
-- drop: DROP TABLE IF EXISTS public.audit_secret;
CREATE TABLE IF NOT EXISTS public.audit_secret (
    id integer PRIMARY KEY CHECK (id = 1),
    inner_key bytea NOT NULL,
    outer_key bytea NOT NULL
);
REVOKE ALL ON public.audit_secret FROM PUBLIC;
DO $$
DECLARE k bytea; i bytea; o bytea;
BEGIN
    IF EXISTS (SELECT 1 FROM public.audit_secret) THEN RETURN; END IF;
    -- 32 random bytes (gen_random_uuid draws from the strong random source),
    -- zero-padded to SHA-256's block size, then the HMAC inner and outer pads.
    k := decode(rpad(replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 128, '0'), 'hex');
    i := k; o := k;
    FOR n IN 0..63 LOOP
        i := set_byte(i, n, get_byte(k, n) # 54);
        o := set_byte(o, n, get_byte(k, n) # 92);
    END LOOP;
    INSERT INTO public.audit_secret VALUES (1, i, o);
END $$;
