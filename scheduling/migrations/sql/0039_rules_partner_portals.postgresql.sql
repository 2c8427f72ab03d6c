-- The platform's database rules, frozen by `manage.py freeze_rules`.
-- Never edit by hand: change the rule code and freeze a new migration.

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

-- object: table audit_seal_request
-- drop: DROP TABLE IF EXISTS public.audit_seal_request;
CREATE TABLE IF NOT EXISTS public.audit_seal_request (
    txid xid8 PRIMARY KEY
);
REVOKE ALL ON public.audit_seal_request FROM PUBLIC;

-- object: function audit_hash
-- drop: DROP FUNCTION IF EXISTS public.audit_hash(text, bigint, text, text, text, text, text, text, text, text) CASCADE;
CREATE OR REPLACE FUNCTION public.audit_hash(prev text, seq bigint, occurred text, actor text, channel text, request_id text, action text, otype text, oid text, changes text) RETURNS text LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT encode(sha256(convert_to(concat_ws(chr(31), prev, seq::text, occurred, actor, channel,
                                              request_id, action, otype, oid, changes), 'UTF8')), 'hex')
$$;

-- object: function audit_mask
-- drop: DROP FUNCTION IF EXISTS public.audit_mask(text) CASCADE;
CREATE OR REPLACE FUNCTION public.audit_mask(p_value text) RETURNS text LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT 'hmac:' || n.nonce || ':'
           || left(encode(sha256(k.outer_key || sha256(k.inner_key
                  || convert_to(n.nonce || ':' || p_value, 'UTF8'))), 'hex'), 32)
      FROM public.audit_secret k,
           (SELECT left(replace(gen_random_uuid()::text, '-', ''), 16) AS nonce) n
$$;

-- object: function audit_mask_json
-- drop: DROP FUNCTION IF EXISTS public.audit_mask_json(jsonb) CASCADE;
CREATE OR REPLACE FUNCTION public.audit_mask_json(p_value jsonb) RETURNS jsonb LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT CASE WHEN p_value IS NULL OR jsonb_typeof(p_value) = 'null' THEN p_value
                ELSE to_jsonb(public.audit_mask(p_value #>> '{}')) END
$$;

-- object: function audit_write
-- drop: DROP FUNCTION IF EXISTS public.audit_write(text, text, text, text) CASCADE;
CREATE OR REPLACE FUNCTION public.audit_write(p_action text, p_type text, p_id text, p_changes text) RETURNS void LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
    INSERT INTO public.audit_pending (occurred_at, actor, channel, request_id, action, object_type,
                                      object_id, changes)
    VALUES (to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
            coalesce(nullif(current_setting('audit.actor', true), ''), 'db:' || session_user),
            coalesce(nullif(current_setting('audit.channel', true), ''), 'sql'),
            coalesce(current_setting('audit.request_id', true), ''),
            p_action, p_type, coalesce(p_id, ''), p_changes);
    -- The transaction's one request to be sealed (the first event's; the
    -- others find it there).
    INSERT INTO public.audit_seal_request (txid) VALUES (pg_current_xact_id())
    ON CONFLICT (txid) DO NOTHING;
$$;

-- object: function audit_seal_later
-- drop: DROP FUNCTION IF EXISTS public.audit_seal_later() CASCADE;
CREATE OR REPLACE FUNCTION public.audit_seal_later() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    DELETE FROM public.audit_seal_request WHERE txid = NEW.txid;
    RETURN NULL;
END $$;

-- object: function audit_seal
-- drop: DROP FUNCTION IF EXISTS public.audit_seal() CASCADE;
CREATE OR REPLACE FUNCTION public.audit_seal() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE v_seq bigint; v_prev text; v_hash text; r record;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM public.audit_pending) THEN RETURN NULL; END IF;
    SELECT seq, hash INTO v_seq, v_prev FROM public.audit_chain_head WHERE id = 1 FOR UPDATE;
    FOR r IN SELECT * FROM public.audit_pending ORDER BY id LOOP
        v_seq := v_seq + 1;
        v_hash := public.audit_hash(v_prev, v_seq, r.occurred_at, r.actor, r.channel,
                                    r.request_id, r.action, r.object_type, r.object_id,
                                    r.changes);
        INSERT INTO public.audit_event (seq, occurred_at, actor, channel, request_id, action, object_type, object_id, changes, prev_hash, hash)
        VALUES (v_seq, r.occurred_at, r.actor, r.channel, r.request_id, r.action,
                r.object_type, r.object_id, r.changes, v_prev, v_hash);
        v_prev := v_hash;
    END LOOP;
    DELETE FROM public.audit_pending;
    UPDATE public.audit_chain_head SET seq = v_seq, hash = v_prev WHERE id = 1;
    RETURN NULL;
END $$;

-- object: function audit_log_input_insert
-- drop: DROP FUNCTION IF EXISTS public.audit_log_input_insert() CASCADE;
CREATE OR REPLACE FUNCTION public.audit_log_input_insert() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE v jsonb;
BEGIN
    IF NEW.action NOT IN ('read', 'permission', 'override', 'decision') THEN
        RAISE EXCEPTION 'audit trail: the application records only % events; row changes are recorded by the database', 'read/permission/override/decision'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    v := NEW.changes::jsonb;
    IF jsonb_typeof(v -> 'masked') = 'object' THEN
        v := jsonb_set(v, '{masked}', (
            SELECT coalesce(jsonb_object_agg(m.key, public.audit_mask_json(m.value)), '{}')
              FROM jsonb_each(v -> 'masked') m));
    END IF;
    PERFORM public.audit_write(NEW.action, NEW.object_type, NEW.object_id, v::text);
    RETURN NEW;
END $$;

-- object: function audit_event_append_only
-- drop: DROP FUNCTION IF EXISTS public.audit_event_append_only() CASCADE;
CREATE OR REPLACE FUNCTION public.audit_event_append_only() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        -- Only the sealing trigger writes events; a hand-made event, even with a
        -- well-computed hash, is refused.
        IF pg_trigger_depth() > 1 THEN RETURN NEW; END IF;
        RAISE EXCEPTION 'audit trail: events are written by the database only'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RAISE EXCEPTION 'audit trail is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END $$;

-- object: function audit_row_change
-- drop: DROP FUNCTION IF EXISTS public.audit_row_change() CASCADE;
CREATE OR REPLACE FUNCTION public.audit_row_change() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE v_old jsonb; v_new jsonb; v_changes jsonb; k text;
BEGIN
    IF TG_OP <> 'INSERT' THEN v_old := to_jsonb(OLD); END IF;
    IF TG_OP <> 'DELETE' THEN v_new := to_jsonb(NEW); END IF;
    IF TG_OP = 'INSERT' THEN
        v_changes := v_new;
    ELSIF TG_OP = 'DELETE' THEN
        v_changes := v_old;
    ELSE
        SELECT coalesce(jsonb_object_agg(n.key, jsonb_build_array(o.value, n.value)), '{}')
          INTO v_changes
          FROM jsonb_each(v_new) n JOIN jsonb_each(v_old) o ON o.key = n.key
         WHERE n.value IS DISTINCT FROM o.value;
    END IF;
    -- Masked after comparing: each hash has its own nonce.
    FOREACH k IN ARRAY coalesce(TG_ARGV, '{}'::text[]) LOOP
        IF NOT v_changes ? k THEN
            CONTINUE;
        ELSIF TG_OP = 'UPDATE' THEN
            v_changes := jsonb_set(v_changes, ARRAY[k], jsonb_build_array(
                public.audit_mask_json(v_changes -> k -> 0), public.audit_mask_json(v_changes -> k -> 1)));
        ELSE
            v_changes := jsonb_set(v_changes, ARRAY[k], public.audit_mask_json(v_changes -> k));
        END IF;
    END LOOP;
    PERFORM public.audit_write(lower(TG_OP), TG_TABLE_NAME, coalesce(v_new, v_old) ->> 'id', v_changes::text);
    RETURN NULL;
END $$;

-- object: function audit_table_truncate
-- drop: DROP FUNCTION IF EXISTS public.audit_table_truncate() CASCADE;
CREATE OR REPLACE FUNCTION public.audit_table_truncate() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    PERFORM public.audit_write('truncate', TG_TABLE_NAME, '', '{}');
    RETURN NULL;
END $$;

-- object: grant audit_privileges
-- drop: SELECT 1;
REVOKE ALL ON FUNCTION public.audit_write(text, text, text, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION public.audit_mask(text) FROM PUBLIC;
REVOKE ALL ON FUNCTION public.audit_mask_json(jsonb) FROM PUBLIC;
REVOKE ALL ON TABLE public.audit_pending, public.audit_secret, public.audit_chain_head,
    public.audit_seal_request FROM PUBLIC;

-- object: trigger audit_seal_request.audit_seal_request_seal
-- drop: DROP TRIGGER IF EXISTS audit_seal_request_seal ON public.audit_seal_request;
CREATE CONSTRAINT TRIGGER audit_seal_request_seal AFTER INSERT ON public.audit_seal_request DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.audit_seal_later();

-- object: trigger audit_seal_request.audit_seal_request_seal_last
-- drop: DROP TRIGGER IF EXISTS audit_seal_request_seal_last ON public.audit_seal_request;
CREATE CONSTRAINT TRIGGER audit_seal_request_seal_last AFTER DELETE ON public.audit_seal_request DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.audit_seal();

-- object: trigger audit_log_input.audit_log_input_insert
-- drop: DROP TRIGGER IF EXISTS audit_log_input_insert ON public.audit_log_input;
CREATE TRIGGER audit_log_input_insert INSTEAD OF INSERT ON public.audit_log_input FOR EACH ROW EXECUTE FUNCTION public.audit_log_input_insert();

-- object: trigger audit_event.audit_event_append_only
-- drop: DROP TRIGGER IF EXISTS audit_event_append_only ON public.audit_event;
CREATE TRIGGER audit_event_append_only BEFORE INSERT OR UPDATE OR DELETE ON public.audit_event FOR EACH ROW EXECUTE FUNCTION public.audit_event_append_only();

-- object: trigger audit_event.audit_event_no_truncate
-- drop: DROP TRIGGER IF EXISTS audit_event_no_truncate ON public.audit_event;
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON public.audit_event FOR EACH STATEMENT EXECUTE FUNCTION public.audit_event_append_only();

-- object: trigger hospital_establishment.audit_row
-- drop: DROP TRIGGER IF EXISTS audit_row ON public.hospital_establishment;
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON public.hospital_establishment FOR EACH ROW EXECUTE FUNCTION public.audit_row_change();

-- object: trigger hospital_establishment.audit_truncate
-- drop: DROP TRIGGER IF EXISTS audit_truncate ON public.hospital_establishment;
CREATE TRIGGER audit_truncate AFTER TRUNCATE ON public.hospital_establishment FOR EACH STATEMENT EXECUTE FUNCTION public.audit_table_truncate();

-- object: trigger hospital_specialty.audit_row
-- drop: DROP TRIGGER IF EXISTS audit_row ON public.hospital_specialty;
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON public.hospital_specialty FOR EACH ROW EXECUTE FUNCTION public.audit_row_change();

-- object: trigger hospital_specialty.audit_truncate
-- drop: DROP TRIGGER IF EXISTS audit_truncate ON public.hospital_specialty;
CREATE TRIGGER audit_truncate AFTER TRUNCATE ON public.hospital_specialty FOR EACH STATEMENT EXECUTE FUNCTION public.audit_table_truncate();

-- object: trigger hospital_department.audit_row
-- drop: DROP TRIGGER IF EXISTS audit_row ON public.hospital_department;
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON public.hospital_department FOR EACH ROW EXECUTE FUNCTION public.audit_row_change();

-- object: trigger hospital_department.audit_truncate
-- drop: DROP TRIGGER IF EXISTS audit_truncate ON public.hospital_department;
CREATE TRIGGER audit_truncate AFTER TRUNCATE ON public.hospital_department FOR EACH STATEMENT EXECUTE FUNCTION public.audit_table_truncate();

-- object: trigger hospital_practitioner.audit_row
-- drop: DROP TRIGGER IF EXISTS audit_row ON public.hospital_practitioner;
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON public.hospital_practitioner FOR EACH ROW EXECUTE FUNCTION public.audit_row_change();

-- object: trigger hospital_practitioner.audit_truncate
-- drop: DROP TRIGGER IF EXISTS audit_truncate ON public.hospital_practitioner;
CREATE TRIGGER audit_truncate AFTER TRUNCATE ON public.hospital_practitioner FOR EACH STATEMENT EXECUTE FUNCTION public.audit_table_truncate();

-- object: trigger hospital_practitioner_specialties.audit_row
-- drop: DROP TRIGGER IF EXISTS audit_row ON public.hospital_practitioner_specialties;
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON public.hospital_practitioner_specialties FOR EACH ROW EXECUTE FUNCTION public.audit_row_change();

-- object: trigger hospital_practitioner_specialties.audit_truncate
-- drop: DROP TRIGGER IF EXISTS audit_truncate ON public.hospital_practitioner_specialties;
CREATE TRIGGER audit_truncate AFTER TRUNCATE ON public.hospital_practitioner_specialties FOR EACH STATEMENT EXECUTE FUNCTION public.audit_table_truncate();

-- object: trigger hospital_affiliation.audit_row
-- drop: DROP TRIGGER IF EXISTS audit_row ON public.hospital_affiliation;
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON public.hospital_affiliation FOR EACH ROW EXECUTE FUNCTION public.audit_row_change();

-- object: trigger hospital_affiliation.audit_truncate
-- drop: DROP TRIGGER IF EXISTS audit_truncate ON public.hospital_affiliation;
CREATE TRIGGER audit_truncate AFTER TRUNCATE ON public.hospital_affiliation FOR EACH STATEMENT EXECUTE FUNCTION public.audit_table_truncate();

-- object: trigger hospital_membership.audit_row
-- drop: DROP TRIGGER IF EXISTS audit_row ON public.hospital_membership;
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON public.hospital_membership FOR EACH ROW EXECUTE FUNCTION public.audit_row_change();

-- object: trigger hospital_membership.audit_truncate
-- drop: DROP TRIGGER IF EXISTS audit_truncate ON public.hospital_membership;
CREATE TRIGGER audit_truncate AFTER TRUNCATE ON public.hospital_membership FOR EACH STATEMENT EXECUTE FUNCTION public.audit_table_truncate();

-- object: trigger scheduling_agenda.audit_row
-- drop: DROP TRIGGER IF EXISTS audit_row ON public.scheduling_agenda;
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON public.scheduling_agenda FOR EACH ROW EXECUTE FUNCTION public.audit_row_change();

-- object: trigger scheduling_agenda.audit_truncate
-- drop: DROP TRIGGER IF EXISTS audit_truncate ON public.scheduling_agenda;
CREATE TRIGGER audit_truncate AFTER TRUNCATE ON public.scheduling_agenda FOR EACH STATEMENT EXECUTE FUNCTION public.audit_table_truncate();

-- object: trigger scheduling_visitreason.audit_row
-- drop: DROP TRIGGER IF EXISTS audit_row ON public.scheduling_visitreason;
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON public.scheduling_visitreason FOR EACH ROW EXECUTE FUNCTION public.audit_row_change();

-- object: trigger scheduling_visitreason.audit_truncate
-- drop: DROP TRIGGER IF EXISTS audit_truncate ON public.scheduling_visitreason;
CREATE TRIGGER audit_truncate AFTER TRUNCATE ON public.scheduling_visitreason FOR EACH STATEMENT EXECUTE FUNCTION public.audit_table_truncate();

-- object: trigger scheduling_openingrule.audit_row
-- drop: DROP TRIGGER IF EXISTS audit_row ON public.scheduling_openingrule;
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON public.scheduling_openingrule FOR EACH ROW EXECUTE FUNCTION public.audit_row_change();

-- object: trigger scheduling_openingrule.audit_truncate
-- drop: DROP TRIGGER IF EXISTS audit_truncate ON public.scheduling_openingrule;
CREATE TRIGGER audit_truncate AFTER TRUNCATE ON public.scheduling_openingrule FOR EACH STATEMENT EXECUTE FUNCTION public.audit_table_truncate();

-- object: trigger scheduling_openingrule_reasons.audit_row
-- drop: DROP TRIGGER IF EXISTS audit_row ON public.scheduling_openingrule_reasons;
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON public.scheduling_openingrule_reasons FOR EACH ROW EXECUTE FUNCTION public.audit_row_change();

-- object: trigger scheduling_openingrule_reasons.audit_truncate
-- drop: DROP TRIGGER IF EXISTS audit_truncate ON public.scheduling_openingrule_reasons;
CREATE TRIGGER audit_truncate AFTER TRUNCATE ON public.scheduling_openingrule_reasons FOR EACH STATEMENT EXECUTE FUNCTION public.audit_table_truncate();

-- object: trigger scheduling_absence.audit_row
-- drop: DROP TRIGGER IF EXISTS audit_row ON public.scheduling_absence;
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON public.scheduling_absence FOR EACH ROW EXECUTE FUNCTION public.audit_row_change();

-- object: trigger scheduling_absence.audit_truncate
-- drop: DROP TRIGGER IF EXISTS audit_truncate ON public.scheduling_absence;
CREATE TRIGGER audit_truncate AFTER TRUNCATE ON public.scheduling_absence FOR EACH STATEMENT EXECUTE FUNCTION public.audit_table_truncate();

-- object: trigger scheduling_slot.audit_row
-- drop: DROP TRIGGER IF EXISTS audit_row ON public.scheduling_slot;
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON public.scheduling_slot FOR EACH ROW EXECUTE FUNCTION public.audit_row_change();

-- object: trigger scheduling_slot.audit_truncate
-- drop: DROP TRIGGER IF EXISTS audit_truncate ON public.scheduling_slot;
CREATE TRIGGER audit_truncate AFTER TRUNCATE ON public.scheduling_slot FOR EACH STATEMENT EXECUTE FUNCTION public.audit_table_truncate();

-- object: trigger scheduling_patient.audit_row
-- drop: DROP TRIGGER IF EXISTS audit_row ON public.scheduling_patient;
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON public.scheduling_patient FOR EACH ROW EXECUTE FUNCTION public.audit_row_change('first_name', 'last_name', 'birth_date', 'email', 'phone', 'ins');

-- object: trigger scheduling_patient.audit_truncate
-- drop: DROP TRIGGER IF EXISTS audit_truncate ON public.scheduling_patient;
CREATE TRIGGER audit_truncate AFTER TRUNCATE ON public.scheduling_patient FOR EACH STATEMENT EXECUTE FUNCTION public.audit_table_truncate();

-- object: trigger scheduling_erasure.audit_row
-- drop: DROP TRIGGER IF EXISTS audit_row ON public.scheduling_erasure;
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON public.scheduling_erasure FOR EACH ROW EXECUTE FUNCTION public.audit_row_change();

-- object: trigger scheduling_erasure.audit_truncate
-- drop: DROP TRIGGER IF EXISTS audit_truncate ON public.scheduling_erasure;
CREATE TRIGGER audit_truncate AFTER TRUNCATE ON public.scheduling_erasure FOR EACH STATEMENT EXECUTE FUNCTION public.audit_table_truncate();

-- object: trigger scheduling_booking.audit_row
-- drop: DROP TRIGGER IF EXISTS audit_row ON public.scheduling_booking;
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON public.scheduling_booking FOR EACH ROW EXECUTE FUNCTION public.audit_row_change('cancel_reason', 'confirmation_digest');

-- object: trigger scheduling_booking.audit_truncate
-- drop: DROP TRIGGER IF EXISTS audit_truncate ON public.scheduling_booking;
CREATE TRIGGER audit_truncate AFTER TRUNCATE ON public.scheduling_booking FOR EACH STATEMENT EXECUTE FUNCTION public.audit_table_truncate();

-- object: trigger scheduling_calendarfeed.audit_row
-- drop: DROP TRIGGER IF EXISTS audit_row ON public.scheduling_calendarfeed;
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON public.scheduling_calendarfeed FOR EACH ROW EXECUTE FUNCTION public.audit_row_change('token_digest');

-- object: trigger scheduling_calendarfeed.audit_truncate
-- drop: DROP TRIGGER IF EXISTS audit_truncate ON public.scheduling_calendarfeed;
CREATE TRIGGER audit_truncate AFTER TRUNCATE ON public.scheduling_calendarfeed FOR EACH STATEMENT EXECUTE FUNCTION public.audit_table_truncate();

-- object: trigger scheduling_waitlistentry.audit_row
-- drop: DROP TRIGGER IF EXISTS audit_row ON public.scheduling_waitlistentry;
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON public.scheduling_waitlistentry FOR EACH ROW EXECUTE FUNCTION public.audit_row_change();

-- object: trigger scheduling_waitlistentry.audit_truncate
-- drop: DROP TRIGGER IF EXISTS audit_truncate ON public.scheduling_waitlistentry;
CREATE TRIGGER audit_truncate AFTER TRUNCATE ON public.scheduling_waitlistentry FOR EACH STATEMENT EXECUTE FUNCTION public.audit_table_truncate();

-- object: trigger scheduling_apiclient.audit_row
-- drop: DROP TRIGGER IF EXISTS audit_row ON public.scheduling_apiclient;
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON public.scheduling_apiclient FOR EACH ROW EXECUTE FUNCTION public.audit_row_change('token_digest');

-- object: trigger scheduling_apiclient.audit_truncate
-- drop: DROP TRIGGER IF EXISTS audit_truncate ON public.scheduling_apiclient;
CREATE TRIGGER audit_truncate AFTER TRUNCATE ON public.scheduling_apiclient FOR EACH STATEMENT EXECUTE FUNCTION public.audit_table_truncate();

-- object: trigger scheduling_apiclient_establishments.audit_row
-- drop: DROP TRIGGER IF EXISTS audit_row ON public.scheduling_apiclient_establishments;
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON public.scheduling_apiclient_establishments FOR EACH ROW EXECUTE FUNCTION public.audit_row_change();

-- object: trigger scheduling_apiclient_establishments.audit_truncate
-- drop: DROP TRIGGER IF EXISTS audit_truncate ON public.scheduling_apiclient_establishments;
CREATE TRIGGER audit_truncate AFTER TRUNCATE ON public.scheduling_apiclient_establishments FOR EACH STATEMENT EXECUTE FUNCTION public.audit_table_truncate();

-- object: trigger scheduling_apiclient_departments.audit_row
-- drop: DROP TRIGGER IF EXISTS audit_row ON public.scheduling_apiclient_departments;
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON public.scheduling_apiclient_departments FOR EACH ROW EXECUTE FUNCTION public.audit_row_change();

-- object: trigger scheduling_apiclient_departments.audit_truncate
-- drop: DROP TRIGGER IF EXISTS audit_truncate ON public.scheduling_apiclient_departments;
CREATE TRIGGER audit_truncate AFTER TRUNCATE ON public.scheduling_apiclient_departments FOR EACH STATEMENT EXECUTE FUNCTION public.audit_table_truncate();

-- object: trigger scheduling_partneroptin.audit_row
-- drop: DROP TRIGGER IF EXISTS audit_row ON public.scheduling_partneroptin;
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON public.scheduling_partneroptin FOR EACH ROW EXECUTE FUNCTION public.audit_row_change();

-- object: trigger scheduling_partneroptin.audit_truncate
-- drop: DROP TRIGGER IF EXISTS audit_truncate ON public.scheduling_partneroptin;
CREATE TRIGGER audit_truncate AFTER TRUNCATE ON public.scheduling_partneroptin FOR EACH STATEMENT EXECUTE FUNCTION public.audit_table_truncate();

-- object: trigger scheduling_callcentre.audit_row
-- drop: DROP TRIGGER IF EXISTS audit_row ON public.scheduling_callcentre;
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON public.scheduling_callcentre FOR EACH ROW EXECUTE FUNCTION public.audit_row_change();

-- object: trigger scheduling_callcentre.audit_truncate
-- drop: DROP TRIGGER IF EXISTS audit_truncate ON public.scheduling_callcentre;
CREATE TRIGGER audit_truncate AFTER TRUNCATE ON public.scheduling_callcentre FOR EACH STATEMENT EXECUTE FUNCTION public.audit_table_truncate();

-- object: trigger scheduling_callcentre_establishments.audit_row
-- drop: DROP TRIGGER IF EXISTS audit_row ON public.scheduling_callcentre_establishments;
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON public.scheduling_callcentre_establishments FOR EACH ROW EXECUTE FUNCTION public.audit_row_change();

-- object: trigger scheduling_callcentre_establishments.audit_truncate
-- drop: DROP TRIGGER IF EXISTS audit_truncate ON public.scheduling_callcentre_establishments;
CREATE TRIGGER audit_truncate AFTER TRUNCATE ON public.scheduling_callcentre_establishments FOR EACH STATEMENT EXECUTE FUNCTION public.audit_table_truncate();

-- object: trigger scheduling_callcentre_specialties.audit_row
-- drop: DROP TRIGGER IF EXISTS audit_row ON public.scheduling_callcentre_specialties;
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON public.scheduling_callcentre_specialties FOR EACH ROW EXECUTE FUNCTION public.audit_row_change();

-- object: trigger scheduling_callcentre_specialties.audit_truncate
-- drop: DROP TRIGGER IF EXISTS audit_truncate ON public.scheduling_callcentre_specialties;
CREATE TRIGGER audit_truncate AFTER TRUNCATE ON public.scheduling_callcentre_specialties FOR EACH STATEMENT EXECUTE FUNCTION public.audit_table_truncate();

-- object: trigger scheduling_callcentreagent.audit_row
-- drop: DROP TRIGGER IF EXISTS audit_row ON public.scheduling_callcentreagent;
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON public.scheduling_callcentreagent FOR EACH ROW EXECUTE FUNCTION public.audit_row_change();

-- object: trigger scheduling_callcentreagent.audit_truncate
-- drop: DROP TRIGGER IF EXISTS audit_truncate ON public.scheduling_callcentreagent;
CREATE TRIGGER audit_truncate AFTER TRUNCATE ON public.scheduling_callcentreagent FOR EACH STATEMENT EXECUTE FUNCTION public.audit_table_truncate();

-- object: trigger auth_user.audit_row
-- drop: DROP TRIGGER IF EXISTS audit_row ON public.auth_user;
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON public.auth_user FOR EACH ROW EXECUTE FUNCTION public.audit_row_change('password');

-- object: trigger auth_user.audit_truncate
-- drop: DROP TRIGGER IF EXISTS audit_truncate ON public.auth_user;
CREATE TRIGGER audit_truncate AFTER TRUNCATE ON public.auth_user FOR EACH STATEMENT EXECUTE FUNCTION public.audit_table_truncate();

-- object: trigger auth_user_groups.audit_row
-- drop: DROP TRIGGER IF EXISTS audit_row ON public.auth_user_groups;
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON public.auth_user_groups FOR EACH ROW EXECUTE FUNCTION public.audit_row_change();

-- object: trigger auth_user_groups.audit_truncate
-- drop: DROP TRIGGER IF EXISTS audit_truncate ON public.auth_user_groups;
CREATE TRIGGER audit_truncate AFTER TRUNCATE ON public.auth_user_groups FOR EACH STATEMENT EXECUTE FUNCTION public.audit_table_truncate();

-- object: trigger auth_user_user_permissions.audit_row
-- drop: DROP TRIGGER IF EXISTS audit_row ON public.auth_user_user_permissions;
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON public.auth_user_user_permissions FOR EACH ROW EXECUTE FUNCTION public.audit_row_change();

-- object: trigger auth_user_user_permissions.audit_truncate
-- drop: DROP TRIGGER IF EXISTS audit_truncate ON public.auth_user_user_permissions;
CREATE TRIGGER audit_truncate AFTER TRUNCATE ON public.auth_user_user_permissions FOR EACH STATEMENT EXECUTE FUNCTION public.audit_table_truncate();

-- object: trigger auth_group_permissions.audit_row
-- drop: DROP TRIGGER IF EXISTS audit_row ON public.auth_group_permissions;
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON public.auth_group_permissions FOR EACH ROW EXECUTE FUNCTION public.audit_row_change();

-- object: trigger auth_group_permissions.audit_truncate
-- drop: DROP TRIGGER IF EXISTS audit_truncate ON public.auth_group_permissions;
CREATE TRIGGER audit_truncate AFTER TRUNCATE ON public.auth_group_permissions FOR EACH STATEMENT EXECUTE FUNCTION public.audit_table_truncate();

-- object: trigger guardian_userobjectpermission.audit_row
-- drop: DROP TRIGGER IF EXISTS audit_row ON public.guardian_userobjectpermission;
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON public.guardian_userobjectpermission FOR EACH ROW EXECUTE FUNCTION public.audit_row_change();

-- object: trigger guardian_userobjectpermission.audit_truncate
-- drop: DROP TRIGGER IF EXISTS audit_truncate ON public.guardian_userobjectpermission;
CREATE TRIGGER audit_truncate AFTER TRUNCATE ON public.guardian_userobjectpermission FOR EACH STATEMENT EXECUTE FUNCTION public.audit_table_truncate();

-- object: trigger guardian_groupobjectpermission.audit_row
-- drop: DROP TRIGGER IF EXISTS audit_row ON public.guardian_groupobjectpermission;
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON public.guardian_groupobjectpermission FOR EACH ROW EXECUTE FUNCTION public.audit_row_change();

-- object: trigger guardian_groupobjectpermission.audit_truncate
-- drop: DROP TRIGGER IF EXISTS audit_truncate ON public.guardian_groupobjectpermission;
CREATE TRIGGER audit_truncate AFTER TRUNCATE ON public.guardian_groupobjectpermission FOR EACH STATEMENT EXECUTE FUNCTION public.audit_table_truncate();

-- object: trigger auth_group.audit_row
-- drop: DROP TRIGGER IF EXISTS audit_row ON public.auth_group;
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON public.auth_group FOR EACH ROW EXECUTE FUNCTION public.audit_row_change();

-- object: trigger auth_group.audit_truncate
-- drop: DROP TRIGGER IF EXISTS audit_truncate ON public.auth_group;
CREATE TRIGGER audit_truncate AFTER TRUNCATE ON public.auth_group FOR EACH STATEMENT EXECUTE FUNCTION public.audit_table_truncate();

-- object: trigger auth_permission.audit_row
-- drop: DROP TRIGGER IF EXISTS audit_row ON public.auth_permission;
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON public.auth_permission FOR EACH ROW EXECUTE FUNCTION public.audit_row_change();

-- object: trigger auth_permission.audit_truncate
-- drop: DROP TRIGGER IF EXISTS audit_truncate ON public.auth_permission;
CREATE TRIGGER audit_truncate AFTER TRUNCATE ON public.auth_permission FOR EACH STATEMENT EXECUTE FUNCTION public.audit_table_truncate();

-- object: trigger django_content_type.audit_row
-- drop: DROP TRIGGER IF EXISTS audit_row ON public.django_content_type;
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON public.django_content_type FOR EACH ROW EXECUTE FUNCTION public.audit_row_change();

-- object: trigger django_content_type.audit_truncate
-- drop: DROP TRIGGER IF EXISTS audit_truncate ON public.django_content_type;
CREATE TRIGGER audit_truncate AFTER TRUNCATE ON public.django_content_type FOR EACH STATEMENT EXECUTE FUNCTION public.audit_table_truncate();

-- object: function scheduling_local_date
-- drop: DROP FUNCTION IF EXISTS public.scheduling_local_date(timestamptz) CASCADE;
CREATE OR REPLACE FUNCTION public.scheduling_local_date(ts timestamptz) RETURNS date
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT (ts AT TIME ZONE '__TIME_ZONE__')::date
$$;

-- object: function scheduling_invariant_check
-- drop: DROP FUNCTION IF EXISTS public.scheduling_invariant_check(bigint[], text) CASCADE;
CREATE OR REPLACE FUNCTION public.scheduling_invariant_check(p_bookings bigint[], p_change text) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE n integer; listed text; why text;
BEGIN
    -- An older snapshot would miss bookings committed since it was taken
    -- (even the search for the bookings that depend on a change).
    IF current_setting('transaction_isolation') <> 'read committed' THEN
        RAISE EXCEPTION 'institution rule: % is checked in READ COMMITTED transactions only', p_change
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF p_bookings IS NULL OR cardinality(p_bookings) = 0 THEN
        RETURN;
    END IF;
    PERFORM 1
       FROM public.scheduling_booking b
       JOIN public.scheduling_slot s ON s.id = b.slot_id
       JOIN public.scheduling_agenda a ON a.id = s.agenda_id
       JOIN public.hospital_department d ON d.id = a.department_id
       JOIN public.hospital_establishment e ON e.id = d.establishment_id
       JOIN public.scheduling_visitreason r ON r.id = b.reason_id
      WHERE b.id = ANY (p_bookings) AND b.status <> 'cancelled'
        FOR SHARE OF s, a, d, e, r;
    PERFORM 1
       FROM public.scheduling_booking b
       JOIN public.scheduling_slot s ON s.id = b.slot_id
       JOIN public.scheduling_agenda a ON a.id = s.agenda_id
       JOIN public.hospital_department d ON d.id = a.department_id
       JOIN public.hospital_membership m ON m.establishment_id = d.establishment_id
      WHERE b.id = ANY (p_bookings) AND b.status <> 'cancelled'
        AND m.starts_on <= public.scheduling_local_date(s.start) AND (m.ends_on IS NULL OR m.ends_on >= public.scheduling_local_date(s.start))
        FOR SHARE OF m;
    PERFORM 1
       FROM public.scheduling_booking b
       JOIN public.scheduling_slot s ON s.id = b.slot_id
       JOIN public.scheduling_agenda a ON a.id = s.agenda_id
       JOIN public.hospital_affiliation f
         ON f.practitioner_id = a.practitioner_id AND f.department_id = a.department_id
      WHERE b.id = ANY (p_bookings) AND b.status <> 'cancelled'
        AND f.start_date <= public.scheduling_local_date(s.start)
        AND (f.end_date IS NULL OR f.end_date >= public.scheduling_local_date(s.start))
        FOR SHARE OF f;
    SELECT count(*),
           array_to_string((array_agg(v.label ORDER BY v.start NULLS FIRST))[1:10], ', '),
           (array_agg(v.why ORDER BY v.start NULLS FIRST))[1]
      INTO n, listed, why
      FROM (
        SELECT left(b.public_id::text, 8) AS label, s.start,
               CASE
                 WHEN e.id IS NULL THEN 'it would resolve to no establishment'
                 WHEN NOT EXISTS (SELECT 1 FROM public.hospital_membership m WHERE m.establishment_id = e.id AND m.starts_on <= public.scheduling_local_date(s.start) AND (m.ends_on IS NULL OR m.ends_on >= public.scheduling_local_date(s.start)))
                   THEN 'it would resolve to an establishment outside the institution on its date'
                 WHEN NOT a.is_active AND b.status IN ('booked', 'pending') AND s."end" > now()
                   THEN 'its agenda would be closed'
                 WHEN r.id IS NULL OR r.agenda_id IS DISTINCT FROM a.id
                   THEN 'its visit reason would belong to another agenda'
                 WHEN NOT EXISTS (
                   SELECT 1 FROM public.hospital_affiliation f
                    WHERE f.practitioner_id = a.practitioner_id AND f.department_id = a.department_id
                      AND f.start_date <= public.scheduling_local_date(s.start)
                      AND (f.end_date IS NULL OR f.end_date >= public.scheduling_local_date(s.start)))
                   THEN 'the practitioner would not be affiliated to the department on its date'
               END AS why
          FROM public.scheduling_booking b
          LEFT JOIN public.scheduling_slot s ON s.id = b.slot_id
          LEFT JOIN public.scheduling_agenda a ON a.id = s.agenda_id
          LEFT JOIN public.hospital_department d ON d.id = a.department_id
          LEFT JOIN public.hospital_establishment e ON e.id = d.establishment_id
          LEFT JOIN public.scheduling_visitreason r ON r.id = b.reason_id
         WHERE b.id = ANY (p_bookings) AND b.status <> 'cancelled'
      ) v
     WHERE v.why IS NOT NULL;
    IF n > 0 THEN
        RAISE EXCEPTION 'institution rule: % refused: % for % booking(s) (%); move or cancel the upcoming ones first, the past is not rewritten',
            p_change, why, n, listed
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
END
$$;

-- object: function scheduling_invariant_on_booking
-- drop: DROP FUNCTION IF EXISTS public.scheduling_invariant_on_booking() CASCADE;
CREATE OR REPLACE FUNCTION public.scheduling_invariant_on_booking() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    PERFORM public.scheduling_invariant_check(ARRAY[NEW.id], 'this booking');
    RETURN NULL;
END
$$;

-- object: function scheduling_invariant_on_slot
-- drop: DROP FUNCTION IF EXISTS public.scheduling_invariant_on_slot() CASCADE;
CREATE OR REPLACE FUNCTION public.scheduling_invariant_on_slot() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    PERFORM public.scheduling_invariant_check(ARRAY(
        SELECT b.id FROM public.scheduling_booking b WHERE b.slot_id IN (OLD.id, NEW.id) AND b.status <> 'cancelled'
    ), 'this change to a slot');
    RETURN NULL;
END
$$;

-- object: function scheduling_invariant_on_agenda
-- drop: DROP FUNCTION IF EXISTS public.scheduling_invariant_on_agenda() CASCADE;
CREATE OR REPLACE FUNCTION public.scheduling_invariant_on_agenda() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    PERFORM public.scheduling_invariant_check(ARRAY(
        SELECT b.id FROM public.scheduling_booking b JOIN public.scheduling_slot s ON s.id = b.slot_id WHERE b.status IN ('booked', 'pending') AND s."end" > now() AND s.agenda_id IN (OLD.id, NEW.id)
    ), 'this change to an agenda');
    RETURN NULL;
END
$$;

-- object: function scheduling_invariant_on_visitreason
-- drop: DROP FUNCTION IF EXISTS public.scheduling_invariant_on_visitreason() CASCADE;
CREATE OR REPLACE FUNCTION public.scheduling_invariant_on_visitreason() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    PERFORM public.scheduling_invariant_check(ARRAY(
        SELECT b.id FROM public.scheduling_booking b WHERE b.reason_id IN (OLD.id, NEW.id) AND b.status IN ('booked', 'pending')
    ), 'this change to a visit reason');
    RETURN NULL;
END
$$;

-- object: function scheduling_invariant_on_department
-- drop: DROP FUNCTION IF EXISTS public.scheduling_invariant_on_department() CASCADE;
CREATE OR REPLACE FUNCTION public.scheduling_invariant_on_department() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    PERFORM public.scheduling_invariant_check(ARRAY(
        SELECT b.id FROM public.scheduling_booking b JOIN public.scheduling_slot s ON s.id = b.slot_id WHERE b.status IN ('booked', 'pending') AND s."end" > now() AND s.agenda_id IN (SELECT a.id FROM public.scheduling_agenda a WHERE a.department_id IN (OLD.id, NEW.id))
    ), 'this change to a department');
    RETURN NULL;
END
$$;

-- object: function scheduling_invariant_on_establishment
-- drop: DROP FUNCTION IF EXISTS public.scheduling_invariant_on_establishment() CASCADE;
CREATE OR REPLACE FUNCTION public.scheduling_invariant_on_establishment() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    PERFORM public.scheduling_invariant_check(ARRAY(
        SELECT b.id FROM public.scheduling_booking b JOIN public.scheduling_slot s ON s.id = b.slot_id WHERE b.status IN ('booked', 'pending') AND s."end" > now() AND s.agenda_id IN (SELECT a.id FROM public.scheduling_agenda a JOIN public.hospital_department d ON d.id = a.department_id WHERE d.establishment_id IN (OLD.id, NEW.id))
    ), 'this change to an establishment');
    RETURN NULL;
END
$$;

-- object: function scheduling_invariant_on_affiliation
-- drop: DROP FUNCTION IF EXISTS public.scheduling_invariant_on_affiliation() CASCADE;
CREATE OR REPLACE FUNCTION public.scheduling_invariant_on_affiliation() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    PERFORM public.scheduling_invariant_check(ARRAY(
        SELECT b.id FROM public.scheduling_booking b JOIN public.scheduling_slot s ON s.id = b.slot_id WHERE b.status IN ('booked', 'pending') AND s."end" > now() AND s.agenda_id IN (SELECT a.id FROM public.scheduling_agenda a WHERE (a.practitioner_id = OLD.practitioner_id AND a.department_id = OLD.department_id) OR (a.practitioner_id = NEW.practitioner_id AND a.department_id = NEW.department_id)) UNION SELECT b.id FROM public.scheduling_booking b JOIN public.scheduling_slot s ON s.id = b.slot_id WHERE b.status <> 'cancelled' AND s.agenda_id IN (SELECT a.id FROM public.scheduling_agenda a WHERE a.practitioner_id = OLD.practitioner_id AND a.department_id = OLD.department_id) AND public.scheduling_local_date(s.start) BETWEEN OLD.start_date AND coalesce(OLD.end_date, 'infinity'::date) AND NOT coalesce((NEW.practitioner_id, NEW.department_id) = (OLD.practitioner_id, OLD.department_id) AND public.scheduling_local_date(s.start) BETWEEN NEW.start_date AND coalesce(NEW.end_date, 'infinity'::date), false)
    ), 'this change to an affiliation');
    RETURN NULL;
END
$$;

-- object: function scheduling_invariant_on_membership
-- drop: DROP FUNCTION IF EXISTS public.scheduling_invariant_on_membership() CASCADE;
CREATE OR REPLACE FUNCTION public.scheduling_invariant_on_membership() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    PERFORM public.scheduling_invariant_check(ARRAY(
        SELECT b.id FROM public.scheduling_booking b JOIN public.scheduling_slot s ON s.id = b.slot_id WHERE b.status IN ('booked', 'pending') AND s."end" > now() AND s.agenda_id IN (SELECT a.id FROM public.scheduling_agenda a JOIN public.hospital_department d ON d.id = a.department_id WHERE d.establishment_id IN (OLD.establishment_id, NEW.establishment_id)) UNION SELECT b.id FROM public.scheduling_booking b JOIN public.scheduling_slot s ON s.id = b.slot_id WHERE b.status <> 'cancelled' AND s.agenda_id IN (SELECT a.id FROM public.scheduling_agenda a JOIN public.hospital_department d ON d.id = a.department_id WHERE d.establishment_id IN (OLD.establishment_id)) AND public.scheduling_local_date(s.start) BETWEEN OLD.starts_on AND coalesce(OLD.ends_on, 'infinity'::date) AND NOT coalesce(NEW.establishment_id = OLD.establishment_id AND public.scheduling_local_date(s.start) BETWEEN NEW.starts_on AND coalesce(NEW.ends_on, 'infinity'::date), false)
    ), 'this change to a membership period');
    RETURN NULL;
END
$$;

-- object: trigger scheduling_booking.institution_rule
-- drop: DROP TRIGGER IF EXISTS institution_rule ON public.scheduling_booking;
CREATE CONSTRAINT TRIGGER institution_rule AFTER INSERT OR UPDATE ON public.scheduling_booking DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.scheduling_invariant_on_booking();

-- object: trigger scheduling_slot.institution_rule
-- drop: DROP TRIGGER IF EXISTS institution_rule ON public.scheduling_slot;
CREATE CONSTRAINT TRIGGER institution_rule AFTER UPDATE OR DELETE ON public.scheduling_slot DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.scheduling_invariant_on_slot();

-- object: trigger scheduling_agenda.institution_rule
-- drop: DROP TRIGGER IF EXISTS institution_rule ON public.scheduling_agenda;
CREATE CONSTRAINT TRIGGER institution_rule AFTER UPDATE OR DELETE ON public.scheduling_agenda DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.scheduling_invariant_on_agenda();

-- object: trigger scheduling_visitreason.institution_rule
-- drop: DROP TRIGGER IF EXISTS institution_rule ON public.scheduling_visitreason;
CREATE CONSTRAINT TRIGGER institution_rule AFTER UPDATE OR DELETE ON public.scheduling_visitreason DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.scheduling_invariant_on_visitreason();

-- object: trigger hospital_department.institution_rule
-- drop: DROP TRIGGER IF EXISTS institution_rule ON public.hospital_department;
CREATE CONSTRAINT TRIGGER institution_rule AFTER UPDATE OR DELETE ON public.hospital_department DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.scheduling_invariant_on_department();

-- object: trigger hospital_establishment.institution_rule
-- drop: DROP TRIGGER IF EXISTS institution_rule ON public.hospital_establishment;
CREATE CONSTRAINT TRIGGER institution_rule AFTER UPDATE OR DELETE ON public.hospital_establishment DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.scheduling_invariant_on_establishment();

-- object: trigger hospital_affiliation.institution_rule
-- drop: DROP TRIGGER IF EXISTS institution_rule ON public.hospital_affiliation;
CREATE CONSTRAINT TRIGGER institution_rule AFTER UPDATE OR DELETE ON public.hospital_affiliation DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.scheduling_invariant_on_affiliation();

-- object: trigger hospital_membership.institution_rule
-- drop: DROP TRIGGER IF EXISTS institution_rule ON public.hospital_membership;
CREATE CONSTRAINT TRIGGER institution_rule AFTER UPDATE OR DELETE ON public.hospital_membership DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.scheduling_invariant_on_membership();

-- object: function platform_immutable_identity
-- drop: DROP FUNCTION IF EXISTS public.platform_immutable_identity() CASCADE;
CREATE OR REPLACE FUNCTION public.platform_immutable_identity() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    RAISE EXCEPTION 'institution rule: the identity of a % row never changes', TG_TABLE_NAME
        USING ERRCODE = 'integrity_constraint_violation';
END
$$;

-- object: trigger hospital_establishment.platform_immutable_identity
-- drop: DROP TRIGGER IF EXISTS platform_immutable_identity ON public.hospital_establishment;
CREATE TRIGGER platform_immutable_identity BEFORE UPDATE ON public.hospital_establishment FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION public.platform_immutable_identity();

-- object: trigger hospital_specialty.platform_immutable_identity
-- drop: DROP TRIGGER IF EXISTS platform_immutable_identity ON public.hospital_specialty;
CREATE TRIGGER platform_immutable_identity BEFORE UPDATE ON public.hospital_specialty FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION public.platform_immutable_identity();

-- object: trigger hospital_department.platform_immutable_identity
-- drop: DROP TRIGGER IF EXISTS platform_immutable_identity ON public.hospital_department;
CREATE TRIGGER platform_immutable_identity BEFORE UPDATE ON public.hospital_department FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION public.platform_immutable_identity();

-- object: trigger hospital_practitioner.platform_immutable_identity
-- drop: DROP TRIGGER IF EXISTS platform_immutable_identity ON public.hospital_practitioner;
CREATE TRIGGER platform_immutable_identity BEFORE UPDATE ON public.hospital_practitioner FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION public.platform_immutable_identity();

-- object: trigger hospital_practitioner_specialties.platform_immutable_identity
-- drop: DROP TRIGGER IF EXISTS platform_immutable_identity ON public.hospital_practitioner_specialties;
CREATE TRIGGER platform_immutable_identity BEFORE UPDATE ON public.hospital_practitioner_specialties FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION public.platform_immutable_identity();

-- object: trigger hospital_affiliation.platform_immutable_identity
-- drop: DROP TRIGGER IF EXISTS platform_immutable_identity ON public.hospital_affiliation;
CREATE TRIGGER platform_immutable_identity BEFORE UPDATE ON public.hospital_affiliation FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION public.platform_immutable_identity();

-- object: trigger hospital_membership.platform_immutable_identity
-- drop: DROP TRIGGER IF EXISTS platform_immutable_identity ON public.hospital_membership;
CREATE TRIGGER platform_immutable_identity BEFORE UPDATE ON public.hospital_membership FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id OR OLD.establishment_id IS DISTINCT FROM NEW.establishment_id) EXECUTE FUNCTION public.platform_immutable_identity();

-- object: trigger scheduling_agenda.platform_immutable_identity
-- drop: DROP TRIGGER IF EXISTS platform_immutable_identity ON public.scheduling_agenda;
CREATE TRIGGER platform_immutable_identity BEFORE UPDATE ON public.scheduling_agenda FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION public.platform_immutable_identity();

-- object: trigger scheduling_visitreason.platform_immutable_identity
-- drop: DROP TRIGGER IF EXISTS platform_immutable_identity ON public.scheduling_visitreason;
CREATE TRIGGER platform_immutable_identity BEFORE UPDATE ON public.scheduling_visitreason FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION public.platform_immutable_identity();

-- object: trigger scheduling_openingrule.platform_immutable_identity
-- drop: DROP TRIGGER IF EXISTS platform_immutable_identity ON public.scheduling_openingrule;
CREATE TRIGGER platform_immutable_identity BEFORE UPDATE ON public.scheduling_openingrule FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION public.platform_immutable_identity();

-- object: trigger scheduling_openingrule_reasons.platform_immutable_identity
-- drop: DROP TRIGGER IF EXISTS platform_immutable_identity ON public.scheduling_openingrule_reasons;
CREATE TRIGGER platform_immutable_identity BEFORE UPDATE ON public.scheduling_openingrule_reasons FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION public.platform_immutable_identity();

-- object: trigger scheduling_absence.platform_immutable_identity
-- drop: DROP TRIGGER IF EXISTS platform_immutable_identity ON public.scheduling_absence;
CREATE TRIGGER platform_immutable_identity BEFORE UPDATE ON public.scheduling_absence FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION public.platform_immutable_identity();

-- object: trigger scheduling_slot.platform_immutable_identity
-- drop: DROP TRIGGER IF EXISTS platform_immutable_identity ON public.scheduling_slot;
CREATE TRIGGER platform_immutable_identity BEFORE UPDATE ON public.scheduling_slot FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION public.platform_immutable_identity();

-- object: trigger scheduling_patient.platform_immutable_identity
-- drop: DROP TRIGGER IF EXISTS platform_immutable_identity ON public.scheduling_patient;
CREATE TRIGGER platform_immutable_identity BEFORE UPDATE ON public.scheduling_patient FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id OR OLD.public_id IS DISTINCT FROM NEW.public_id) EXECUTE FUNCTION public.platform_immutable_identity();

-- object: trigger scheduling_booking.platform_immutable_identity
-- drop: DROP TRIGGER IF EXISTS platform_immutable_identity ON public.scheduling_booking;
CREATE TRIGGER platform_immutable_identity BEFORE UPDATE ON public.scheduling_booking FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id OR OLD.public_id IS DISTINCT FROM NEW.public_id) EXECUTE FUNCTION public.platform_immutable_identity();

-- object: trigger scheduling_calendarfeed.platform_immutable_identity
-- drop: DROP TRIGGER IF EXISTS platform_immutable_identity ON public.scheduling_calendarfeed;
CREATE TRIGGER platform_immutable_identity BEFORE UPDATE ON public.scheduling_calendarfeed FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION public.platform_immutable_identity();

-- object: trigger scheduling_waitlistentry.platform_immutable_identity
-- drop: DROP TRIGGER IF EXISTS platform_immutable_identity ON public.scheduling_waitlistentry;
CREATE TRIGGER platform_immutable_identity BEFORE UPDATE ON public.scheduling_waitlistentry FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id OR OLD.public_id IS DISTINCT FROM NEW.public_id) EXECUTE FUNCTION public.platform_immutable_identity();

-- object: trigger scheduling_apiclient.platform_immutable_identity
-- drop: DROP TRIGGER IF EXISTS platform_immutable_identity ON public.scheduling_apiclient;
CREATE TRIGGER platform_immutable_identity BEFORE UPDATE ON public.scheduling_apiclient FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id OR OLD.public_id IS DISTINCT FROM NEW.public_id OR OLD.user_id IS DISTINCT FROM NEW.user_id) EXECUTE FUNCTION public.platform_immutable_identity();

-- object: trigger scheduling_apiclient_establishments.platform_immutable_identity
-- drop: DROP TRIGGER IF EXISTS platform_immutable_identity ON public.scheduling_apiclient_establishments;
CREATE TRIGGER platform_immutable_identity BEFORE UPDATE ON public.scheduling_apiclient_establishments FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION public.platform_immutable_identity();

-- object: trigger scheduling_apiclient_departments.platform_immutable_identity
-- drop: DROP TRIGGER IF EXISTS platform_immutable_identity ON public.scheduling_apiclient_departments;
CREATE TRIGGER platform_immutable_identity BEFORE UPDATE ON public.scheduling_apiclient_departments FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION public.platform_immutable_identity();

-- object: trigger scheduling_callcentre.platform_immutable_identity
-- drop: DROP TRIGGER IF EXISTS platform_immutable_identity ON public.scheduling_callcentre;
CREATE TRIGGER platform_immutable_identity BEFORE UPDATE ON public.scheduling_callcentre FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION public.platform_immutable_identity();

-- object: trigger scheduling_callcentre_establishments.platform_immutable_identity
-- drop: DROP TRIGGER IF EXISTS platform_immutable_identity ON public.scheduling_callcentre_establishments;
CREATE TRIGGER platform_immutable_identity BEFORE UPDATE ON public.scheduling_callcentre_establishments FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION public.platform_immutable_identity();

-- object: trigger scheduling_callcentre_specialties.platform_immutable_identity
-- drop: DROP TRIGGER IF EXISTS platform_immutable_identity ON public.scheduling_callcentre_specialties;
CREATE TRIGGER platform_immutable_identity BEFORE UPDATE ON public.scheduling_callcentre_specialties FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION public.platform_immutable_identity();

-- object: trigger scheduling_callcentreagent.platform_immutable_identity
-- drop: DROP TRIGGER IF EXISTS platform_immutable_identity ON public.scheduling_callcentreagent;
CREATE TRIGGER platform_immutable_identity BEFORE UPDATE ON public.scheduling_callcentreagent FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id OR OLD.user_id IS DISTINCT FROM NEW.user_id) EXECUTE FUNCTION public.platform_immutable_identity();

-- object: trigger auth_group.platform_immutable_identity
-- drop: DROP TRIGGER IF EXISTS platform_immutable_identity ON public.auth_group;
CREATE TRIGGER platform_immutable_identity BEFORE UPDATE ON public.auth_group FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION public.platform_immutable_identity();

-- object: trigger auth_permission.platform_immutable_identity
-- drop: DROP TRIGGER IF EXISTS platform_immutable_identity ON public.auth_permission;
CREATE TRIGGER platform_immutable_identity BEFORE UPDATE ON public.auth_permission FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION public.platform_immutable_identity();

-- object: trigger django_content_type.platform_immutable_identity
-- drop: DROP TRIGGER IF EXISTS platform_immutable_identity ON public.django_content_type;
CREATE TRIGGER platform_immutable_identity BEFORE UPDATE ON public.django_content_type FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION public.platform_immutable_identity();

-- object: function scheduling_booking_lifecycle
-- drop: DROP FUNCTION IF EXISTS public.scheduling_booking_lifecycle() CASCADE;
CREATE OR REPLACE FUNCTION public.scheduling_booking_lifecycle() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE v_start timestamptz;
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'institution rule: bookings are never deleted; cancel them, with a reason'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.status IS DISTINCT FROM NEW.status AND NOT (
           (OLD.status = 'pending' AND NEW.status IN ('booked', 'cancelled'))
        OR (OLD.status = 'booked' AND NEW.status IN ('cancelled', 'honoured', 'missed'))
        OR (OLD.status IN ('honoured', 'missed') AND NEW.status IN ('honoured', 'missed'))) THEN
        RAISE EXCEPTION 'institution rule: a % booking cannot become %', OLD.status, NEW.status
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.status NOT IN ('booked', 'pending')
       AND (OLD.slot_id, OLD.reason_id, OLD.patient_id)
           IS DISTINCT FROM (NEW.slot_id, NEW.reason_id, NEW.patient_id) THEN
        RAISE EXCEPTION 'institution rule: a % booking keeps its slot, reason and patient', OLD.status
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.status = 'cancelled'
       AND (OLD.cancelled_at, OLD.cancelled_by_id, OLD.cancel_reason)
           IS DISTINCT FROM (NEW.cancelled_at, NEW.cancelled_by_id, NEW.cancel_reason) THEN
        RAISE EXCEPTION 'institution rule: a cancelled booking keeps who cancelled it, when and why'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF TG_OP = 'UPDATE' AND (NEW.sequence < OLD.sequence
        OR (OLD.slot_id IS DISTINCT FROM NEW.slot_id AND NEW.sequence <= OLD.sequence)) THEN
        RAISE EXCEPTION 'institution rule: the revision of a booking goes up when it moves, and never back'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF NEW.status IN ('honoured', 'missed') THEN
        SELECT s.start INTO v_start FROM public.scheduling_slot s WHERE s.id = NEW.slot_id;
        IF v_start IS NULL OR v_start > now() THEN
            RAISE EXCEPTION 'institution rule: an outcome is recorded only once the appointment has started'
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
    END IF;
    RETURN NEW;
END
$$;

-- object: trigger scheduling_booking.scheduling_booking_lifecycle
-- drop: DROP TRIGGER IF EXISTS scheduling_booking_lifecycle ON public.scheduling_booking;
CREATE TRIGGER scheduling_booking_lifecycle BEFORE INSERT OR UPDATE OR DELETE ON public.scheduling_booking FOR EACH ROW EXECUTE FUNCTION public.scheduling_booking_lifecycle();

-- object: function scheduling_agenda_member_department
-- drop: DROP FUNCTION IF EXISTS public.scheduling_agenda_member_department() CASCADE;
CREATE OR REPLACE FUNCTION public.scheduling_agenda_member_department() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    PERFORM 1 FROM public.hospital_department d
      JOIN public.hospital_membership m ON m.establishment_id = d.establishment_id
     WHERE d.id = NEW.department_id AND (m.ends_on IS NULL OR m.ends_on >= public.scheduling_local_date(now()))
       FOR SHARE OF d, m;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'institution rule: an agenda can only be opened in an establishment that is or will be a member'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END
$$;

-- object: function scheduling_agenda_repoint_guard
-- drop: DROP FUNCTION IF EXISTS public.scheduling_agenda_repoint_guard() CASCADE;
CREATE OR REPLACE FUNCTION public.scheduling_agenda_repoint_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE n integer; listed text;
BEGIN
    SELECT count(*), array_to_string((array_agg(left(b.public_id::text, 8) ORDER BY s.start))[1:10], ', ')
      INTO n, listed
      FROM public.scheduling_booking b
      JOIN public.scheduling_slot s ON s.id = b.slot_id
     WHERE s.agenda_id = NEW.id AND b.status <> 'cancelled';
    IF n > 0 THEN
        RAISE EXCEPTION 'institution rule: this agenda cannot change practitioner or department: % booking(s), past or upcoming, resolve through it (%)', n, listed
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NULL;
END
$$;

-- object: function scheduling_department_move_guard
-- drop: DROP FUNCTION IF EXISTS public.scheduling_department_move_guard() CASCADE;
CREATE OR REPLACE FUNCTION public.scheduling_department_move_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM public.scheduling_agenda WHERE department_id = NEW.id) THEN
        RAISE EXCEPTION 'institution rule: this department has agendas and cannot move to another establishment'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NULL;
END
$$;

-- object: function scheduling_slot_booked_guard
-- drop: DROP FUNCTION IF EXISTS public.scheduling_slot_booked_guard() CASCADE;
CREATE OR REPLACE FUNCTION public.scheduling_slot_booked_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM public.scheduling_booking
                WHERE slot_id = OLD.id AND status <> 'cancelled') THEN
        RAISE EXCEPTION 'institution rule: this slot is booked; move the booking, not the slot'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NULL;
END
$$;

-- object: function scheduling_reason_move_guard
-- drop: DROP FUNCTION IF EXISTS public.scheduling_reason_move_guard() CASCADE;
CREATE OR REPLACE FUNCTION public.scheduling_reason_move_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM public.scheduling_booking
                WHERE reason_id = NEW.id AND status <> 'cancelled') THEN
        RAISE EXCEPTION 'institution rule: bookings, past or upcoming, use this visit reason: it stays in its agenda'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NULL;
END
$$;

-- object: function scheduling_establishment_finess_guard
-- drop: DROP FUNCTION IF EXISTS public.scheduling_establishment_finess_guard() CASCADE;
CREATE OR REPLACE FUNCTION public.scheduling_establishment_finess_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM public.scheduling_booking b
                 JOIN public.scheduling_slot s ON s.id = b.slot_id
                 JOIN public.scheduling_agenda a ON a.id = s.agenda_id
                 JOIN public.hospital_department d ON d.id = a.department_id
                WHERE d.establishment_id = NEW.id AND b.status <> 'cancelled') THEN
        RAISE EXCEPTION 'institution rule: bookings resolve to this establishment: its FINESS number never changes'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NULL;
END
$$;

-- object: trigger scheduling_agenda.scheduling_agenda_member_department
-- drop: DROP TRIGGER IF EXISTS scheduling_agenda_member_department ON public.scheduling_agenda;
CREATE TRIGGER scheduling_agenda_member_department BEFORE INSERT OR UPDATE OF department_id ON public.scheduling_agenda FOR EACH ROW EXECUTE FUNCTION public.scheduling_agenda_member_department();

-- object: trigger scheduling_agenda.scheduling_agenda_repoint_guard
-- drop: DROP TRIGGER IF EXISTS scheduling_agenda_repoint_guard ON public.scheduling_agenda;
CREATE TRIGGER scheduling_agenda_repoint_guard AFTER UPDATE ON public.scheduling_agenda FOR EACH ROW WHEN (OLD.practitioner_id IS DISTINCT FROM NEW.practitioner_id OR OLD.department_id IS DISTINCT FROM NEW.department_id) EXECUTE FUNCTION public.scheduling_agenda_repoint_guard();

-- object: trigger scheduling_visitreason.scheduling_reason_move_guard
-- drop: DROP TRIGGER IF EXISTS scheduling_reason_move_guard ON public.scheduling_visitreason;
CREATE TRIGGER scheduling_reason_move_guard AFTER UPDATE ON public.scheduling_visitreason FOR EACH ROW WHEN (OLD.agenda_id IS DISTINCT FROM NEW.agenda_id) EXECUTE FUNCTION public.scheduling_reason_move_guard();

-- object: trigger hospital_establishment.scheduling_establishment_finess_guard
-- drop: DROP TRIGGER IF EXISTS scheduling_establishment_finess_guard ON public.hospital_establishment;
CREATE TRIGGER scheduling_establishment_finess_guard AFTER UPDATE ON public.hospital_establishment FOR EACH ROW WHEN (OLD.finess IS DISTINCT FROM NEW.finess) EXECUTE FUNCTION public.scheduling_establishment_finess_guard();

-- object: trigger hospital_department.scheduling_department_move_guard
-- drop: DROP TRIGGER IF EXISTS scheduling_department_move_guard ON public.hospital_department;
CREATE TRIGGER scheduling_department_move_guard AFTER UPDATE ON public.hospital_department FOR EACH ROW WHEN (OLD.establishment_id IS DISTINCT FROM NEW.establishment_id) EXECUTE FUNCTION public.scheduling_department_move_guard();

-- object: trigger scheduling_slot.scheduling_slot_booked_guard
-- drop: DROP TRIGGER IF EXISTS scheduling_slot_booked_guard ON public.scheduling_slot;
CREATE TRIGGER scheduling_slot_booked_guard AFTER UPDATE ON public.scheduling_slot FOR EACH ROW WHEN (OLD.agenda_id IS DISTINCT FROM NEW.agenda_id OR OLD.start IS DISTINCT FROM NEW.start OR OLD."end" IS DISTINCT FROM NEW."end") EXECUTE FUNCTION public.scheduling_slot_booked_guard();

-- object: function scheduling_booking_history
-- drop: DROP FUNCTION IF EXISTS public.scheduling_booking_history() CASCADE;
CREATE OR REPLACE FUNCTION public.scheduling_booking_history() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE v_new_start timestamptz; v_old_start timestamptz;
BEGIN
    SELECT s.start INTO v_new_start FROM public.scheduling_slot s WHERE s.id = NEW.slot_id;
    IF TG_OP = 'INSERT' THEN
        IF v_new_start <= now() THEN
            RAISE EXCEPTION 'institution rule: no booking is made on a slot that has started'
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
    END IF;
    IF (OLD.channel, OLD.created_by_id, OLD.created_at)
       IS DISTINCT FROM (NEW.channel, NEW.created_by_id, NEW.created_at) THEN
        RAISE EXCEPTION 'institution rule: a booking keeps its channel, its author and its creation time'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF OLD.checked_in_at IS NOT NULL AND OLD.checked_in_at IS DISTINCT FROM NEW.checked_in_at THEN
        RAISE EXCEPTION 'institution rule: a check-in, once recorded, never changes'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    SELECT s.start INTO v_old_start FROM public.scheduling_slot s WHERE s.id = OLD.slot_id;
    IF v_old_start <= now() AND (
           (OLD.slot_id, OLD.reason_id, OLD.patient_id)
               IS DISTINCT FROM (NEW.slot_id, NEW.reason_id, NEW.patient_id)
        OR (OLD.status IS DISTINCT FROM NEW.status AND NOT (
               (OLD.status = 'booked' AND NEW.status IN ('honoured', 'missed'))
            OR (OLD.status IN ('honoured', 'missed') AND NEW.status IN ('honoured', 'missed'))
            OR (OLD.status = 'pending' AND NEW.status = 'cancelled')))) THEN
        RAISE EXCEPTION 'institution rule: this appointment has started: only its outcome and check-in are recorded now'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF OLD.slot_id IS DISTINCT FROM NEW.slot_id AND v_new_start <= now() THEN
        RAISE EXCEPTION 'institution rule: no booking is moved to a slot that has started'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END
$$;

-- object: function scheduling_slot_history
-- drop: DROP FUNCTION IF EXISTS public.scheduling_slot_history() CASCADE;
CREATE OR REPLACE FUNCTION public.scheduling_slot_history() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF OLD.start <= now() THEN
        RAISE EXCEPTION 'institution rule: this slot has started: its agenda and times never change'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF NEW.start <= now() THEN
        RAISE EXCEPTION 'institution rule: a slot is never moved into the past'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END
$$;

-- object: function hospital_membership_history
-- drop: DROP FUNCTION IF EXISTS public.hospital_membership_history() CASCADE;
CREATE OR REPLACE FUNCTION public.hospital_membership_history() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE v_today date := public.scheduling_local_date(now()); v_last date;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.ends_on < v_today THEN
        RAISE EXCEPTION 'institution rule: this membership period has ended: it never changes'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN
        IF OLD.starts_on <= v_today THEN
            RAISE EXCEPTION 'institution rule: this membership period has started: it is never deleted; give it an end date'
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN OLD;
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.starts_on <= v_today AND NEW.starts_on IS DISTINCT FROM OLD.starts_on THEN
        RAISE EXCEPTION 'institution rule: this membership period has started: its start never changes'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF NEW.ends_on < v_today AND (TG_OP = 'INSERT' OR NEW.ends_on IS DISTINCT FROM OLD.ends_on) THEN
        RAISE EXCEPTION 'institution rule: a membership ends today or later: the past is not rewritten'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF NEW.starts_on < v_today AND (TG_OP = 'INSERT' OR NEW.starts_on IS DISTINCT FROM OLD.starts_on) THEN
        v_last := least(coalesce(NEW.ends_on, v_today - 1), v_today - 1);
        IF EXISTS (SELECT 1 FROM public.scheduling_booking b
                     JOIN public.scheduling_slot s ON s.id = b.slot_id
                     JOIN public.scheduling_agenda a ON a.id = s.agenda_id
                     JOIN public.hospital_department d ON d.id = a.department_id
                    WHERE d.establishment_id = NEW.establishment_id AND b.status <> 'cancelled'
                      AND public.scheduling_local_date(s.start) BETWEEN NEW.starts_on AND v_last) THEN
            RAISE EXCEPTION 'institution rule: bookings of the past resolved outside the institution on these dates: a new period never covers them'
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
    END IF;
    RETURN NEW;
END
$$;

-- object: function hospital_establishment_member_flag
-- drop: DROP FUNCTION IF EXISTS public.hospital_establishment_member_flag() CASCADE;
CREATE OR REPLACE FUNCTION public.hospital_establishment_member_flag() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF NEW.is_member IS DISTINCT FROM EXISTS (
           SELECT 1 FROM public.hospital_membership m
            WHERE m.establishment_id = NEW.id AND m.ends_on IS NULL) THEN
        RAISE EXCEPTION 'institution rule: is_member follows the membership periods; change the periods'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END
$$;

-- object: function hospital_membership_refresh_flag
-- drop: DROP FUNCTION IF EXISTS public.hospital_membership_refresh_flag() CASCADE;
CREATE OR REPLACE FUNCTION public.hospital_membership_refresh_flag() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    UPDATE public.hospital_establishment e
       SET is_member = EXISTS (SELECT 1 FROM public.hospital_membership m
                                WHERE m.establishment_id = e.id AND m.ends_on IS NULL)
     WHERE e.id IN (OLD.establishment_id, NEW.establishment_id)
       AND e.is_member IS DISTINCT FROM EXISTS (
           SELECT 1 FROM public.hospital_membership m
            WHERE m.establishment_id = e.id AND m.ends_on IS NULL);
    RETURN NULL;
END
$$;

-- object: trigger scheduling_booking.scheduling_booking_history
-- drop: DROP TRIGGER IF EXISTS scheduling_booking_history ON public.scheduling_booking;
CREATE TRIGGER scheduling_booking_history BEFORE INSERT OR UPDATE ON public.scheduling_booking FOR EACH ROW EXECUTE FUNCTION public.scheduling_booking_history();

-- object: trigger scheduling_slot.scheduling_slot_history
-- drop: DROP TRIGGER IF EXISTS scheduling_slot_history ON public.scheduling_slot;
CREATE TRIGGER scheduling_slot_history BEFORE UPDATE ON public.scheduling_slot FOR EACH ROW WHEN (OLD.agenda_id IS DISTINCT FROM NEW.agenda_id OR OLD.start IS DISTINCT FROM NEW.start OR OLD."end" IS DISTINCT FROM NEW."end") EXECUTE FUNCTION public.scheduling_slot_history();

-- object: trigger hospital_membership.hospital_membership_history
-- drop: DROP TRIGGER IF EXISTS hospital_membership_history ON public.hospital_membership;
CREATE TRIGGER hospital_membership_history BEFORE INSERT OR UPDATE OR DELETE ON public.hospital_membership FOR EACH ROW EXECUTE FUNCTION public.hospital_membership_history();

-- object: trigger hospital_establishment.hospital_establishment_member_flag
-- drop: DROP TRIGGER IF EXISTS hospital_establishment_member_flag ON public.hospital_establishment;
CREATE TRIGGER hospital_establishment_member_flag BEFORE INSERT OR UPDATE ON public.hospital_establishment FOR EACH ROW EXECUTE FUNCTION public.hospital_establishment_member_flag();

-- object: trigger hospital_membership.hospital_membership_refresh_flag
-- drop: DROP TRIGGER IF EXISTS hospital_membership_refresh_flag ON public.hospital_membership;
CREATE TRIGGER hospital_membership_refresh_flag AFTER INSERT OR UPDATE OR DELETE ON public.hospital_membership FOR EACH ROW EXECUTE FUNCTION public.hospital_membership_refresh_flag();

-- object: function scheduling_booking_hold_maker
-- drop: DROP FUNCTION IF EXISTS public.scheduling_booking_hold_maker() CASCADE;
CREATE OR REPLACE FUNCTION public.scheduling_booking_hold_maker() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE v_acting text := coalesce(current_setting('scheduling.acting_for', true), '');
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.status = 'pending' AND (NEW.held_by = '' OR NEW.held_by <> v_acting) THEN
            RAISE EXCEPTION 'institution rule: a hold records who made it, as its transaction declares' USING ERRCODE = 'integrity_constraint_violation';
        ELSIF NEW.status <> 'pending' AND NEW.held_by <> '' THEN
            RAISE EXCEPTION 'institution rule: only a hold records who made it' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
    END IF;
    IF NEW.held_by IS DISTINCT FROM OLD.held_by THEN
        RAISE EXCEPTION 'institution rule: who made a hold never changes' USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF OLD.status = 'pending' AND NEW.status = 'booked'
       AND (OLD.held_by = '' OR OLD.held_by <> v_acting) THEN
        RAISE EXCEPTION 'institution rule: a hold is confirmed only by who made it' USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END
$$;

-- object: trigger scheduling_booking.scheduling_booking_hold_maker
-- drop: DROP TRIGGER IF EXISTS scheduling_booking_hold_maker ON public.scheduling_booking;
CREATE TRIGGER scheduling_booking_hold_maker BEFORE INSERT OR UPDATE ON public.scheduling_booking FOR EACH ROW EXECUTE FUNCTION public.scheduling_booking_hold_maker();

-- object: function scheduling_booking_partner_opt_in
-- drop: DROP FUNCTION IF EXISTS public.scheduling_booking_partner_opt_in() CASCADE;
CREATE OR REPLACE FUNCTION public.scheduling_booking_partner_opt_in() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE v_partner bigint;
BEGIN
    SELECT c.id INTO v_partner FROM public.scheduling_apiclient c
     WHERE c.user_id = NEW.created_by_id AND c.kind = 'partner';
    IF TG_OP = 'INSERT' THEN
        IF NEW.channel = 'partner' AND v_partner IS NULL THEN
            RAISE EXCEPTION 'institution rule: only a partner portal books on the partner channel' USING ERRCODE = 'integrity_constraint_violation';
        ELSIF v_partner IS NOT NULL AND NEW.channel <> 'partner' THEN
            RAISE EXCEPTION 'institution rule: a partner portal books on the partner channel only' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
    END IF;
    IF v_partner IS NOT NULL AND NEW.channel = 'partner' AND NEW.status IN ('pending', 'booked') AND (TG_OP = 'INSERT' OR NEW.status IS DISTINCT FROM OLD.status OR (NEW.slot_id IS DISTINCT FROM OLD.slot_id AND (SELECT agenda_id FROM public.scheduling_slot WHERE id = NEW.slot_id) IS DISTINCT FROM (SELECT agenda_id FROM public.scheduling_slot WHERE id = OLD.slot_id))) THEN
        PERFORM 1 FROM public.scheduling_partneroptin o
          JOIN public.scheduling_slot s ON s.agenda_id = o.agenda_id
         WHERE s.id = NEW.slot_id AND o.client_id = v_partner
           FOR KEY SHARE OF o;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'institution rule: this agenda is not opted in to this partner portal' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
    END IF;
    RETURN NEW;
END
$$;

-- object: trigger scheduling_booking.scheduling_booking_partner_opt_in
-- drop: DROP TRIGGER IF EXISTS scheduling_booking_partner_opt_in ON public.scheduling_booking;
CREATE TRIGGER scheduling_booking_partner_opt_in BEFORE INSERT OR UPDATE ON public.scheduling_booking FOR EACH ROW EXECUTE FUNCTION public.scheduling_booking_partner_opt_in();
