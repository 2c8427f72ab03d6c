"""The audit trail as the database writes it: one SQL variant per vendor.

Every audited table gets row triggers that write one event per inserted,
updated or deleted row, whatever the path (model save, bulk update, raw
SQL). The application only adds who is acting (actor, channel, request id)
through audit/context.py, and its own events (reads of patient data, staff
overrides) through the `audit_log_input` view, which refuses anything else:
row events come from the triggers only.

Hash chain. Each event's hash is SHA-256 over its own fields and the previous
event's hash, joined by the unit separator (chr 31), in this order:
prev_hash, seq, occurred_at, actor, channel, request_id, action, object_type,
object_id, changes. audit/chain.py recomputes it in Python.

PostgreSQL keeps the serialisation narrow: row triggers only append to
`audit_pending` (each row with its transaction's id) and note, once per
transaction, that the transaction needs sealing (one row of
`audit_seal_request`, keyed on its transaction id, INSERT ... ON CONFLICT DO
NOTHING); a deferred constraint trigger on that one row takes the
transaction's pending events out by its id (an index, so that neither the
other transactions' rows nor the dead rows of those sealed before are read),
then, holding the chain head, seals them into `audit_event` in the order they
were written and moves the head once — the transaction's very last step.
The functions that write run as their owner (SECURITY DEFINER) with a pinned
search_path, so the application role needs — and is given — no right to
write `audit_pending`, `audit_seal_request` or `audit_event` itself, and a
temporary table cannot stand in for any of them.

Patient identity and contact fields are stored as keyed hashes (HMAC-SHA256)
so that a reader of the trail cannot recover a birth date or a phone number
by trying them all. On PostgreSQL the key lives in `audit_secret`, created
with random bytes by the migration and readable by its owner only; on SQLite
it comes from the AUDIT_IDENTITY_KEY setting. Each hash takes a fresh random
nonce ("hmac:<nonce>:<digest>"), so that even the application, which can
make the database hash a value of its choosing by writing it, never gets a
hash it could compare with one the trail keeps; the key's holder can still
check a guess against any event. Application events hide what they carry
under "masked" the same way (a staff search's words, say).

The sealing takes the chain's head row (`audit_chain_head`) FOR UPDATE: a
lock that no other role can take, unlike an advisory lock. Every writing
transaction takes it, so it must be the last lock any of them takes: one that
held the head and then waited for a row (the institution rule's FOR SHARE, a
listing row) would deadlock with the holder of that row waiting for the head.
PostgreSQL fires deferred triggers in the order their events were queued, not
by name, so a seal queued by an early statement would run before the checks
queued by later ones. Sealing is therefore two deferred steps: the first
(`audit_seal_request_seal`) deletes the transaction's request row, and that
delete queues the second (`audit_seal_request_seal_last`, which chains every
pending event) at the end of the queue, after every check and listing update
of the transaction (PostgreSQL runs the events queued while it fires deferred
triggers in a pass of their own, after the current one). An event written
after the first step (by a deferred trigger of its pass) inserts a new request
row, so a later pass seals it too; a second step with nothing pending takes no
lock.

Why once per transaction (issue 23): the head is one row, and inside one
transaction every update of it leaves a row version that the next lookup must
walk (none can be pruned before the commit). Sealing each event with its own
trigger, as until rules 0024, cost O(n²) for n events in one transaction
(bench/audit_seal.py: 40,000 events took minutes to commit); the single pass
updates the head once.

This module renders the SQL as (kind, name, create, drop) tuples; the
platform's database program (scheduling/rules/program.py) assembles them and
a migration freezes them. SQLite has a single writer, so events are sealed
as they are written: each one reads the newest event through audit_event's
primary key (no head row is updated), which costs the same for the 40,000th
event of a transaction as for the first — the quadratic shape is PostgreSQL's
alone.
"""

from collections.abc import Mapping, Sequence

GENESIS = "0" * 64
SEPARATOR = "\x1f"
MASK_PREFIX = "hmac:"
# The only events the application may write itself; row events come from triggers.
APPLICATION_ACTIONS = ("read", "permission", "override", "decision")

PIN = "SET search_path = pg_catalog, public, pg_temp"
_COLUMNS = (
    "seq, occurred_at, actor, channel, request_id, action, object_type, object_id, changes,"
    " prev_hash, hash"
)
_APP_ACTIONS_SQL = ", ".join(f"'{a}'" for a in APPLICATION_ACTIONS)


def _pg_function(name: str, signature: str, definition: str) -> tuple[str, str, str, str]:
    return (
        "function",
        name,
        f"CREATE OR REPLACE FUNCTION public.{name}({signature}) {definition.strip()}",
        f"DROP FUNCTION IF EXISTS public.{name}({_types(signature)}) CASCADE;",
    )


def _types(signature: str) -> str:
    return ", ".join(arg.split()[-1] for arg in signature.split(",")) if signature else ""


def _pg_trigger(table: str, name: str, create: str) -> tuple[str, str, str, str]:
    return (
        "trigger",
        f"{table}.{name}",
        create.strip(),
        f"DROP TRIGGER IF EXISTS {name} ON public.{table};",
    )


# --- PostgreSQL -------------------------------------------------------------

_PG_SECRET = (
    "table",
    "audit_secret",
    """
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
""".strip(),
    "DROP TABLE IF EXISTS public.audit_secret;",
)

# The chain's newest link, one row locked by every sealing: sealing is
# serialised on a lock only the trail's owner can take.
_PG_HEAD = (
    "table",
    "audit_chain_head",
    f"""
CREATE TABLE IF NOT EXISTS public.audit_chain_head (
    id integer PRIMARY KEY CHECK (id = 1),
    seq bigint NOT NULL,
    hash varchar(64) NOT NULL
);
REVOKE ALL ON public.audit_chain_head FROM PUBLIC;
INSERT INTO public.audit_chain_head (id, seq, hash)
SELECT 1, coalesce(max(e.seq), 0),
       coalesce((SELECT hash FROM public.audit_event ORDER BY seq DESC LIMIT 1), '{GENESIS}')
  FROM public.audit_event e
ON CONFLICT (id) DO NOTHING;
""".strip(),
    "DROP TABLE IF EXISTS public.audit_chain_head;",
)

# One row per transaction that wrote events and is not sealed yet: its
# deferred trigger is the seal. Written by audit_write (the owner) only.
_PG_SEAL_REQUEST = (
    "table",
    "audit_seal_request",
    """
CREATE TABLE IF NOT EXISTS public.audit_seal_request (
    txid xid8 PRIMARY KEY
);
REVOKE ALL ON public.audit_seal_request FROM PUBLIC;
""".strip(),
    "DROP TABLE IF EXISTS public.audit_seal_request;",
)

_PG_FUNCTIONS = [
    _pg_function(
        "audit_hash",
        "prev text, seq bigint, occurred text, actor text, channel text, request_id text,"
        " action text, otype text, oid text, changes text",
        f"""
RETURNS text LANGUAGE sql IMMUTABLE {PIN} AS $$
    SELECT encode(sha256(convert_to(concat_ws(chr(31), prev, seq::text, occurred, actor, channel,
                                              request_id, action, otype, oid, changes), 'UTF8')), 'hex')
$$;""",
    ),
    _pg_function(
        "audit_mask",
        "p_value text",
        f"""
RETURNS text LANGUAGE sql VOLATILE SECURITY DEFINER {PIN} AS $$
    SELECT '{MASK_PREFIX}' || n.nonce || ':'
           || left(encode(sha256(k.outer_key || sha256(k.inner_key
                  || convert_to(n.nonce || ':' || p_value, 'UTF8'))), 'hex'), 32)
      FROM public.audit_secret k,
           (SELECT left(replace(gen_random_uuid()::text, '-', ''), 16) AS nonce) n
$$;""",
    ),
    # A JSON value, masked unless null.
    _pg_function(
        "audit_mask_json",
        "p_value jsonb",
        f"""
RETURNS jsonb LANGUAGE sql VOLATILE SECURITY DEFINER {PIN} AS $$
    SELECT CASE WHEN p_value IS NULL OR jsonb_typeof(p_value) = 'null' THEN p_value
                ELSE to_jsonb(public.audit_mask(p_value #>> '{{}}')) END
$$;""",
    ),
    _pg_function(
        "audit_write",
        "p_action text, p_type text, p_id text, p_changes text",
        f"""
RETURNS void LANGUAGE sql SECURITY DEFINER {PIN} AS $$
    INSERT INTO public.audit_pending (txid, occurred_at, actor, channel, request_id, action,
                                      object_type, object_id, changes)
    VALUES (pg_current_xact_id(),
            to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
            coalesce(nullif(current_setting('audit.actor', true), ''), 'db:' || session_user),
            coalesce(nullif(current_setting('audit.channel', true), ''), 'sql'),
            coalesce(current_setting('audit.request_id', true), ''),
            p_action, p_type, coalesce(p_id, ''), p_changes);
    -- The transaction's one request to be sealed (the first event's; the
    -- others find it there).
    INSERT INTO public.audit_seal_request (txid) VALUES (pg_current_xact_id())
    ON CONFLICT (txid) DO NOTHING;
$$;""",
    ),
    # The first of the seal's two deferred steps: it only deletes the request
    # row, which queues the second step (audit_seal, on that delete) behind
    # every deferred check already queued in the transaction.
    _pg_function(
        "audit_seal_later",
        "",
        f"""
RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER {PIN} AS $$
BEGIN
    DELETE FROM public.audit_seal_request WHERE txid = NEW.txid;
    RETURN NULL;
END $$;""",
    ),
    # Every pending event of the transaction, chained in the order they were
    # written, then the head moved once. They are taken out of the pending
    # table by the transaction's id (index audit_pending_txid) before the head
    # is locked: every other transaction waits for the head until this one
    # commits, and the pending table's pages hold the other transactions'
    # uncommitted rows and every sealed one's dead rows (until a VACUUM), which
    # a scan of the whole table would walk, head held, at every commit.
    _pg_function(
        "audit_seal",
        "",
        f"""
RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER {PIN} AS $$
DECLARE v_seq bigint; v_prev text; v_hash text; v_pending public.audit_pending[]; r public.audit_pending;
BEGIN
    WITH taken AS (
        DELETE FROM public.audit_pending WHERE txid = pg_current_xact_id()
        RETURNING audit_pending AS p
    )
    SELECT array_agg(p ORDER BY (p).id) INTO v_pending FROM taken;
    IF v_pending IS NULL THEN RETURN NULL; END IF;
    SELECT seq, hash INTO v_seq, v_prev FROM public.audit_chain_head WHERE id = 1 FOR UPDATE;
    FOREACH r IN ARRAY v_pending LOOP
        v_seq := v_seq + 1;
        v_hash := public.audit_hash(v_prev, v_seq, r.occurred_at, r.actor, r.channel,
                                    r.request_id, r.action, r.object_type, r.object_id,
                                    r.changes);
        INSERT INTO public.audit_event ({_COLUMNS})
        VALUES (v_seq, r.occurred_at, r.actor, r.channel, r.request_id, r.action,
                r.object_type, r.object_id, r.changes, v_prev, v_hash);
        v_prev := v_hash;
    END LOOP;
    UPDATE public.audit_chain_head SET seq = v_seq, hash = v_prev WHERE id = 1;
    RETURN NULL;
END $$;""",
    ),
    _pg_function(
        "audit_log_input_insert",
        "",
        f"""
RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER {PIN} AS $$
DECLARE v jsonb;
BEGIN
    IF NEW.action NOT IN ({_APP_ACTIONS_SQL}) THEN
        RAISE EXCEPTION 'audit trail: the application records only % events; row changes are recorded by the database', '{"/".join(APPLICATION_ACTIONS)}'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    v := NEW.changes::jsonb;
    IF jsonb_typeof(v -> 'masked') = 'object' THEN
        v := jsonb_set(v, '{{masked}}', (
            SELECT coalesce(jsonb_object_agg(m.key, public.audit_mask_json(m.value)), '{{}}')
              FROM jsonb_each(v -> 'masked') m));
    END IF;
    PERFORM public.audit_write(NEW.action, NEW.object_type, NEW.object_id, v::text);
    RETURN NEW;
END $$;""",
    ),
    _pg_function(
        "audit_event_append_only",
        "",
        f"""
RETURNS trigger LANGUAGE plpgsql {PIN} AS $$
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
END $$;""",
    ),
    # Row changes of audited tables. TG_ARGV names the columns to mask.
    _pg_function(
        "audit_row_change",
        "",
        f"""
RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER {PIN} AS $$
DECLARE v_old jsonb; v_new jsonb; v_changes jsonb; k text;
BEGIN
    IF TG_OP <> 'INSERT' THEN v_old := to_jsonb(OLD); END IF;
    IF TG_OP <> 'DELETE' THEN v_new := to_jsonb(NEW); END IF;
    IF TG_OP = 'INSERT' THEN
        v_changes := v_new;
    ELSIF TG_OP = 'DELETE' THEN
        v_changes := v_old;
    ELSE
        SELECT coalesce(jsonb_object_agg(n.key, jsonb_build_array(o.value, n.value)), '{{}}')
          INTO v_changes
          FROM jsonb_each(v_new) n JOIN jsonb_each(v_old) o ON o.key = n.key
         WHERE n.value IS DISTINCT FROM o.value;
    END IF;
    -- Masked after comparing: each hash has its own nonce.
    FOREACH k IN ARRAY coalesce(TG_ARGV, '{{}}'::text[]) LOOP
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
END $$;""",
    ),
    _pg_function(
        "audit_table_truncate",
        "",
        f"""
RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER {PIN} AS $$
BEGIN
    PERFORM public.audit_write('truncate', TG_TABLE_NAME, '', '{{}}');
    RETURN NULL;
END $$;""",
    ),
]

# Functions that write the trail or hash with the key run as their owner:
# nobody else may call them directly.
_PG_PRIVILEGES = (
    "grant",
    "audit_privileges",
    """
REVOKE ALL ON FUNCTION public.audit_write(text, text, text, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION public.audit_mask(text) FROM PUBLIC;
REVOKE ALL ON FUNCTION public.audit_mask_json(jsonb) FROM PUBLIC;
REVOKE ALL ON TABLE public.audit_pending, public.audit_secret, public.audit_chain_head,
    public.audit_seal_request FROM PUBLIC;
""".strip(),
    "SELECT 1;",
)

_PG_BASE_TRIGGERS = [
    _pg_trigger(
        "audit_seal_request",
        "audit_seal_request_seal",
        "CREATE CONSTRAINT TRIGGER audit_seal_request_seal AFTER INSERT ON public.audit_seal_request"
        " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.audit_seal_later();",
    ),
    _pg_trigger(
        "audit_seal_request",
        "audit_seal_request_seal_last",
        "CREATE CONSTRAINT TRIGGER audit_seal_request_seal_last AFTER DELETE ON public.audit_seal_request"
        " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.audit_seal();",
    ),
    _pg_trigger(
        "audit_log_input",
        "audit_log_input_insert",
        "CREATE TRIGGER audit_log_input_insert INSTEAD OF INSERT ON public.audit_log_input"
        " FOR EACH ROW EXECUTE FUNCTION public.audit_log_input_insert();",
    ),
    _pg_trigger(
        "audit_event",
        "audit_event_append_only",
        "CREATE TRIGGER audit_event_append_only BEFORE INSERT OR UPDATE OR DELETE ON public.audit_event"
        " FOR EACH ROW EXECUTE FUNCTION public.audit_event_append_only();",
    ),
    _pg_trigger(
        "audit_event",
        "audit_event_no_truncate",
        "CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON public.audit_event"
        " FOR EACH STATEMENT EXECUTE FUNCTION public.audit_event_append_only();",
    ),
]


def postgresql_objects(tables: Mapping[str, Sequence[str]]) -> list[tuple[str, str, str, str]]:
    """The trail's plumbing, then row triggers on `tables` ({table: columns to mask})."""
    objects = [
        _PG_SECRET,
        _PG_HEAD,
        _PG_SEAL_REQUEST,
        *_PG_FUNCTIONS,
        _PG_PRIVILEGES,
        *_PG_BASE_TRIGGERS,
    ]
    for table, masked in tables.items():
        args = ", ".join(f"'{column}'" for column in masked)
        objects.append(
            _pg_trigger(
                table,
                "audit_row",
                f"CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON public.{table}"
                f" FOR EACH ROW EXECUTE FUNCTION public.audit_row_change({args});",
            )
        )
        objects.append(
            _pg_trigger(
                table,
                "audit_truncate",
                f"CREATE TRIGGER audit_truncate AFTER TRUNCATE ON public.{table}"
                " FOR EACH STATEMENT EXECUTE FUNCTION public.audit_table_truncate();",
            )
        )
    return objects


# --- SQLite -----------------------------------------------------------------
# audit_context(key) and audit_mask(value) are registered by audit/context.py
# on every connection Django opens; a client without them cannot write to an
# audited table at all. The application's connections may not insert into
# audit_row_input or audit_event from top-level SQL (scheduling/rules/connection.py).


def _sqlite(kind: str, name: str, create: str) -> tuple[str, str, str, str]:
    return (kind, name, create.strip(), f"DROP {kind.upper()} IF EXISTS {name};")


_SQLITE_SEAL = f"""
    INSERT INTO audit_event ({_COLUMNS})
    SELECT c.seq, c.ts, c.actor, c.channel, c.rid, NEW.action, NEW.object_type,
           coalesce(NEW.object_id, ''), NEW.changes, c.prev,
           SHA256(c.prev || char(31) || c.seq || char(31) || c.ts || char(31) || c.actor
                  || char(31) || c.channel || char(31) || c.rid || char(31) || NEW.action
                  || char(31) || NEW.object_type || char(31) || coalesce(NEW.object_id, '')
                  || char(31) || NEW.changes)
      FROM (SELECT coalesce((SELECT max(seq) FROM audit_event), 0) + 1 AS seq,
                   coalesce((SELECT hash FROM audit_event ORDER BY seq DESC LIMIT 1), '{GENESIS}') AS prev,
                   strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z' AS ts,
                   coalesce(nullif(audit_context('actor'), ''), 'db:sqlite') AS actor,
                   coalesce(nullif(audit_context('channel'), ''), 'sql') AS channel,
                   coalesce(audit_context('request_id'), '') AS rid) AS c;"""

_SQLITE_BASE = [
    _sqlite(
        "view",
        "audit_row_input",
        "CREATE VIEW audit_row_input AS"
        " SELECT action, object_type, object_id, changes FROM audit_event WHERE 0;",
    ),
    _sqlite(
        "trigger",
        "audit_row_input_seal",
        f"CREATE TRIGGER audit_row_input_seal INSTEAD OF INSERT ON audit_row_input\n"
        f"BEGIN{_SQLITE_SEAL}\nEND;",
    ),
    _sqlite(
        "trigger",
        "audit_log_input_insert",
        "CREATE TRIGGER audit_log_input_insert INSTEAD OF INSERT ON audit_log_input\n"
        f"WHEN NEW.action IN ({_APP_ACTIONS_SQL})\n"
        "BEGIN\n    INSERT INTO audit_row_input (action, object_type, object_id, changes)\n"
        "    VALUES (NEW.action, NEW.object_type, NEW.object_id,\n"
        "            CASE WHEN json_type(NEW.changes, '$.masked') = 'object'\n"
        "                 THEN json_set(NEW.changes, '$.masked', json((\n"
        "                     SELECT json_group_object(key, CASE WHEN value IS NULL THEN NULL\n"
        "                                                   ELSE audit_mask(CAST(value AS TEXT)) END)\n"
        "                       FROM json_each(NEW.changes, '$.masked'))))\n"
        "                 ELSE NEW.changes END);\nEND;",
    ),
    _sqlite(
        "trigger",
        "audit_log_input_refused",
        "CREATE TRIGGER audit_log_input_refused INSTEAD OF INSERT ON audit_log_input\n"
        f"WHEN NEW.action NOT IN ({_APP_ACTIONS_SQL})\n"
        "BEGIN\n    SELECT RAISE(ABORT, 'audit trail: the application records only read, permission"
        " and override events; row changes are recorded by the database');\nEND;",
    ),
    _sqlite(
        "trigger",
        "audit_event_no_update",
        "CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event\n"
        "BEGIN SELECT RAISE(ABORT, 'audit trail is append-only: UPDATE refused'); END;",
    ),
    _sqlite(
        "trigger",
        "audit_event_no_delete",
        "CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event\n"
        "BEGIN SELECT RAISE(ABORT, 'audit trail is append-only: DELETE refused'); END;",
    ),
]


def _sqlite_value(row: str, column: str, masked: Sequence[str]) -> str:
    value = f'{row}."{column}"'
    if column in masked:
        return f"CASE WHEN {value} IS NULL THEN NULL ELSE audit_mask(CAST({value} AS TEXT)) END"
    return value


def _sqlite_object(row: str, columns: Sequence[str], masked: Sequence[str]) -> str:
    pairs = ", ".join(f"'{c}', {_sqlite_value(row, c, masked)}" for c in columns)
    return f"json_object({pairs})"


def _sqlite_diff(columns: Sequence[str], masked: Sequence[str]) -> str:
    # Compared in clear, masked after (each hash has its own nonce).
    rows = " UNION ALL ".join(
        f'SELECT \'{c}\' AS k, {int(c in masked)} AS m, OLD."{c}" AS o, NEW."{c}" AS n'
        for c in columns
    )
    mask = "CASE WHEN m = 1 AND {v} IS NOT NULL THEN audit_mask(CAST({v} AS TEXT)) ELSE {v} END"
    pair = f"json_array({mask.format(v='o')}, {mask.format(v='n')})"
    return f"(SELECT coalesce(json_group_object(k, {pair}), '{{}}') FROM ({rows}) WHERE o IS NOT n)"


def sqlite_objects(
    tables: Mapping[str, tuple[Sequence[str], Sequence[str]]],
) -> list[tuple[str, str, str, str]]:
    """The trail's plumbing, then row triggers on `tables` ({table: (columns, masked)})."""
    objects = list(_SQLITE_BASE)
    for table, (columns, masked) in tables.items():
        for event, row, changes in (
            ("INSERT", "NEW", _sqlite_object("NEW", columns, masked)),
            ("UPDATE", "NEW", _sqlite_diff(columns, masked)),
            ("DELETE", "OLD", _sqlite_object("OLD", columns, masked)),
        ):
            name = f"audit_{table}_{event.lower()}"
            objects.append(
                _sqlite(
                    "trigger",
                    name,
                    f"CREATE TRIGGER {name} AFTER {event} ON {table}\nBEGIN\n"
                    "    INSERT INTO audit_row_input (action, object_type, object_id, changes)\n"
                    f"    VALUES ('{event.lower()}', '{table}', CAST({row}.id AS TEXT), {changes});\nEND;",
                )
            )
    return objects
