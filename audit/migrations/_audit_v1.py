"""FROZEN: the audit trail's SQL (v1), exactly as the migrations audit 0001, hospital 0004/0006 and scheduling 0003-0005 installed it.

Migrations never import today's rule code (editing it would silently change
what an old migration installs); they import this verbatim copy. Never edit
it: a new version of the rules is a new migration (`manage.py freeze_rules`).
"""

from django.db import migrations

from collections.abc import Mapping, Sequence

GENESIS = "0" * 64
SEPARATOR = "\x1f"
# Arbitrary constant naming the advisory lock that serialises sealing.
SEAL_LOCK_KEY = 7_310_452_001
MASK_PREFIX = "sha256:"

_COLUMNS = (
    "seq, occurred_at, actor, channel, request_id, action, object_type, object_id, changes,"
    " prev_hash, hash"
)

# --- PostgreSQL -------------------------------------------------------------

POSTGRESQL_BASE = [
    """
CREATE TABLE audit_event (
    seq bigint PRIMARY KEY,
    occurred_at varchar(32) NOT NULL,
    actor varchar(200) NOT NULL,
    channel varchar(20) NOT NULL,
    request_id varchar(64) NOT NULL,
    action varchar(20) NOT NULL,
    object_type varchar(100) NOT NULL,
    object_id varchar(64) NOT NULL,
    changes text NOT NULL,
    prev_hash varchar(64) NOT NULL,
    hash varchar(64) NOT NULL
);
""",
    # Serves "history of one object" in the admin and the read reports.
    "CREATE INDEX audit_event_object ON audit_event (object_type, object_id);",
    """
CREATE TABLE audit_pending (
    id bigserial PRIMARY KEY,
    occurred_at varchar(32) NOT NULL,
    actor varchar(200) NOT NULL,
    channel varchar(20) NOT NULL,
    request_id varchar(64) NOT NULL,
    action varchar(20) NOT NULL,
    object_type varchar(100) NOT NULL,
    object_id varchar(64) NOT NULL,
    changes text NOT NULL
);
""",
    """
CREATE FUNCTION audit_hash(prev text, seq bigint, occurred text, actor text, channel text,
                           request_id text, action text, otype text, oid text, changes text)
RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT encode(sha256(convert_to(concat_ws(chr(31), prev, seq::text, occurred, actor, channel,
                                              request_id, action, otype, oid, changes), 'UTF8')), 'hex')
$$;
""",
    """
CREATE FUNCTION audit_log(p_action text, p_type text, p_id text, p_changes text)
RETURNS void LANGUAGE sql AS $$
    INSERT INTO audit_pending (occurred_at, actor, channel, request_id, action, object_type,
                               object_id, changes)
    VALUES (to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
            coalesce(nullif(current_setting('audit.actor', true), ''), 'db:' || session_user),
            coalesce(nullif(current_setting('audit.channel', true), ''), 'sql'),
            coalesce(current_setting('audit.request_id', true), ''),
            p_action, p_type, coalesce(p_id, ''), p_changes);
$$;
""",
    f"""
CREATE FUNCTION audit_seal() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE v_seq bigint; v_prev text;
BEGIN
    PERFORM pg_advisory_xact_lock({SEAL_LOCK_KEY});
    SELECT seq, hash INTO v_seq, v_prev FROM audit_event ORDER BY seq DESC LIMIT 1;
    v_seq := coalesce(v_seq, 0) + 1;
    v_prev := coalesce(v_prev, '{GENESIS}');
    INSERT INTO audit_event ({_COLUMNS})
    VALUES (v_seq, NEW.occurred_at, NEW.actor, NEW.channel, NEW.request_id, NEW.action,
            NEW.object_type, NEW.object_id, NEW.changes, v_prev,
            audit_hash(v_prev, v_seq, NEW.occurred_at, NEW.actor, NEW.channel, NEW.request_id,
                       NEW.action, NEW.object_type, NEW.object_id, NEW.changes));
    DELETE FROM audit_pending WHERE id = NEW.id;
    RETURN NULL;
END $$;
""",
    """
CREATE CONSTRAINT TRIGGER audit_pending_seal AFTER INSERT ON audit_pending
DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION audit_seal();
""",
    # The one entry point for the application (reads, permission changes),
    # identical on both vendors.
    "CREATE VIEW audit_log_input AS SELECT action, object_type, object_id, changes FROM audit_pending WHERE false;",
    """
CREATE FUNCTION audit_log_input_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM audit_log(NEW.action, NEW.object_type, NEW.object_id, NEW.changes);
    RETURN NEW;
END $$;
""",
    """
CREATE TRIGGER audit_log_input_insert INSTEAD OF INSERT ON audit_log_input
FOR EACH ROW EXECUTE FUNCTION audit_log_input_insert();
""",
    """
CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
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
""",
    """
CREATE TRIGGER audit_event_append_only BEFORE INSERT OR UPDATE OR DELETE ON audit_event
FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
""",
    """
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only();
""",
    # Row changes of audited tables. TG_ARGV names the columns to mask.
    f"""
CREATE FUNCTION audit_row_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE v_old jsonb; v_new jsonb; v_changes jsonb; k text;
BEGIN
    IF TG_OP <> 'INSERT' THEN v_old := to_jsonb(OLD); END IF;
    IF TG_OP <> 'DELETE' THEN v_new := to_jsonb(NEW); END IF;
    FOREACH k IN ARRAY coalesce(TG_ARGV, '{{}}'::text[]) LOOP
        IF v_old IS NOT NULL AND jsonb_typeof(v_old -> k) NOT IN ('null') THEN
            v_old := jsonb_set(v_old, ARRAY[k], to_jsonb('{MASK_PREFIX}' ||
                left(encode(sha256(convert_to(v_old ->> k, 'UTF8')), 'hex'), 16)));
        END IF;
        IF v_new IS NOT NULL AND jsonb_typeof(v_new -> k) NOT IN ('null') THEN
            v_new := jsonb_set(v_new, ARRAY[k], to_jsonb('{MASK_PREFIX}' ||
                left(encode(sha256(convert_to(v_new ->> k, 'UTF8')), 'hex'), 16)));
        END IF;
    END LOOP;
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
    PERFORM audit_log(lower(TG_OP), TG_TABLE_NAME, coalesce(v_new, v_old) ->> 'id', v_changes::text);
    RETURN NULL;
END $$;
""",
    """
CREATE FUNCTION audit_table_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM audit_log('truncate', TG_TABLE_NAME, '', '{}');
    RETURN NULL;
END $$;
""",
]

POSTGRESQL_BASE_REVERSE = [
    "DROP VIEW IF EXISTS audit_log_input CASCADE;",
    "DROP TABLE IF EXISTS audit_pending CASCADE;",
    "DROP TABLE IF EXISTS audit_event CASCADE;",
    "DROP FUNCTION IF EXISTS audit_log_input_insert(), audit_event_append_only(), audit_seal(),"
    " audit_row_change(), audit_table_truncate() CASCADE;",
    "DROP FUNCTION IF EXISTS audit_log(text, text, text, text);",
    "DROP FUNCTION IF EXISTS audit_hash(text, bigint, text, text, text, text, text, text, text, text);",
]


def postgresql_table_triggers(table: str, masked: Sequence[str] = ()) -> list[str]:
    args = ", ".join(f"'{column}'" for column in masked)
    return [
        f"""CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON {table}
            FOR EACH ROW EXECUTE FUNCTION audit_row_change({args});""",
        f"""CREATE TRIGGER audit_truncate AFTER TRUNCATE ON {table}
            FOR EACH STATEMENT EXECUTE FUNCTION audit_table_truncate();""",
    ]


def postgresql_drop_table_triggers(table: str) -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS audit_row ON {table};",
        f"DROP TRIGGER IF EXISTS audit_truncate ON {table};",
    ]


# --- SQLite -----------------------------------------------------------------
# audit_context(key) is registered by audit/context.py on every connection
# Django opens; a client without it cannot write to an audited table at all.

SQLITE_BASE = [
    """
CREATE TABLE audit_event (
    seq integer PRIMARY KEY,
    occurred_at varchar(32) NOT NULL,
    actor varchar(200) NOT NULL,
    channel varchar(20) NOT NULL,
    request_id varchar(64) NOT NULL,
    action varchar(20) NOT NULL,
    object_type varchar(100) NOT NULL,
    object_id varchar(64) NOT NULL,
    changes text NOT NULL,
    prev_hash varchar(64) NOT NULL,
    hash varchar(64) NOT NULL
);
""",
    # Serves "history of one object" in the admin and the read reports.
    "CREATE INDEX audit_event_object ON audit_event (object_type, object_id);",
    "CREATE VIEW audit_log_input AS SELECT action, object_type, object_id, changes FROM audit_event WHERE 0;",
    f"""
CREATE TRIGGER audit_log_input_insert INSTEAD OF INSERT ON audit_log_input
BEGIN
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
                   coalesce(audit_context('request_id'), '') AS rid) AS c;
END;
""",
    """
CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
BEGIN SELECT RAISE(ABORT, 'audit trail is append-only: UPDATE refused'); END;
""",
    """
CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event
BEGIN SELECT RAISE(ABORT, 'audit trail is append-only: DELETE refused'); END;
""",
]

SQLITE_BASE_REVERSE = [
    "DROP VIEW IF EXISTS audit_log_input;",
    "DROP TABLE IF EXISTS audit_event;",
]


def _sqlite_value(row: str, column: str, masked: Sequence[str]) -> str:
    value = f'{row}."{column}"'
    if column in masked:
        return (
            f"CASE WHEN {value} IS NULL THEN NULL"
            f" ELSE '{MASK_PREFIX}' || substr(SHA256(CAST({value} AS TEXT)), 1, 16) END"
        )
    return value


def _sqlite_object(row: str, columns: Sequence[str], masked: Sequence[str]) -> str:
    pairs = ", ".join(f"'{c}', {_sqlite_value(row, c, masked)}" for c in columns)
    return f"json_object({pairs})"


def _sqlite_diff(columns: Sequence[str], masked: Sequence[str]) -> str:
    rows = " UNION ALL ".join(
        f"SELECT '{c}' AS k, {_sqlite_value('OLD', c, masked)} AS o, {_sqlite_value('NEW', c, masked)} AS n"
        for c in columns
    )
    return f"(SELECT coalesce(json_group_object(k, json_array(o, n)), '{{}}') FROM ({rows}) WHERE o IS NOT n)"


def sqlite_table_triggers(
    table: str, columns: Sequence[str], masked: Sequence[str] = ()
) -> list[str]:
    def trigger(event: str, row: str, changes: str) -> str:
        return f"""
CREATE TRIGGER audit_{table}_{event.lower()} AFTER {event} ON {table}
BEGIN
    INSERT INTO audit_log_input (action, object_type, object_id, changes)
    VALUES ('{event.lower()}', '{table}', CAST({row}.id AS TEXT), {changes});
END;
"""

    return [
        trigger("INSERT", "NEW", _sqlite_object("NEW", columns, masked)),
        trigger("UPDATE", "NEW", _sqlite_diff(columns, masked)),
        trigger("DELETE", "OLD", _sqlite_object("OLD", columns, masked)),
    ]


def sqlite_drop_table_triggers(table: str) -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS audit_{table}_{event};" for event in ("insert", "update", "delete")
    ]


# --- vendor_sql ---



def vendor_sql(
    *,
    postgresql: Sequence[str],
    sqlite: Sequence[str],
    postgresql_reverse: Sequence[str] = (),
    sqlite_reverse: Sequence[str] = (),
) -> migrations.RunPython:
    statements = {"postgresql": postgresql, "sqlite": sqlite}
    reverse = {"postgresql": postgresql_reverse, "sqlite": sqlite_reverse}

    def run(by_vendor):
        def apply(apps, schema_editor):
            vendor = schema_editor.connection.vendor
            if vendor not in by_vendor:
                raise NotImplementedError(f"no SQL for database vendor {vendor!r}")
            with schema_editor.connection.cursor() as cursor:
                for statement in by_vendor[vendor]:
                    cursor.execute(statement)

        return apply

    return migrations.RunPython(run(statements), run(reverse))


# --- operations ---

def _columns(connection, table: str) -> list[str]:
    with connection.cursor() as cursor:
        return [c.name for c in connection.introspection.get_table_description(cursor, table)]


def _install(tables: Mapping[str, Sequence[str]]):
    def forwards(apps, schema_editor):
        connection = schema_editor.connection
        statements: list[str] = []
        for table, masked in tables.items():
            if connection.vendor == "postgresql":
                statements += postgresql_drop_table_triggers(table)
                statements += postgresql_table_triggers(table, masked)
            else:
                statements += sqlite_drop_table_triggers(table)
                statements += sqlite_table_triggers(table, _columns(connection, table), masked)
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)

    return forwards


def _uninstall(tables: Mapping[str, Sequence[str]]):
    def backwards(apps, schema_editor):
        connection = schema_editor.connection
        drop = (
            postgresql_drop_table_triggers
            if connection.vendor == "postgresql"
            else sqlite_drop_table_triggers
        )
        with connection.cursor() as cursor:
            for table in tables:
                for statement in drop(table):
                    cursor.execute(statement)

    return backwards


def audit_tables(tables: Mapping[str, Sequence[str]]) -> migrations.RunPython:
    """Audit every row change of `tables` ({table: columns to mask})."""
    return migrations.RunPython(_install(tables), _uninstall(tables))
