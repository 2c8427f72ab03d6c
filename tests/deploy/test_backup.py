"""A backup restores into a database that keeps every promise: the README's
procedure (pg_dump, then pg_restore into a fresh database, then
grant_application_role), with the real PostgreSQL tools, and there the audit
trail verifies against the signed head stored before the dump, the
institution rule still refuses a booking at a non-member establishment as the
application role, the application role still cannot write the trail or read
its key, and every trigger and function is installed."""

import glob
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

from tests import factories as f
from tests.deploy.servers import ROOT, database_url
from tests.helpers import APP_ROLE, ensure_app_role

pytestmark = pytest.mark.postgres_only
HEAD_KEY = "backup-test-head-key"


def _tool(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)
    path = found[0] if found else shutil.which(name)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is required in CI (Debian's postgresql-client)")
        pytest.skip(f"{name} not installed")
    return path


def _connect(url: str, **kwargs) -> psycopg.Connection:
    return psycopg.connect(url, autocommit=True, connect_timeout=5, **kwargs)


def _manage(url: str, *args: str) -> subprocess.CompletedProcess:
    """A command as the operator runs it after the restore."""
    env = {**os.environ, "DEBUG": "1", "DATABASE_URL": url, "AUDIT_HEAD_HMAC_KEY": HEAD_KEY}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _installed(url: str) -> tuple[set, set]:
    """Every trigger (table.name) and every function of the public schema."""
    with _connect(url) as conn:
        triggers = {
            name
            for (name,) in conn.execute(
                "SELECT c.relname || '.' || t.tgname FROM pg_trigger t"
                " JOIN pg_class c ON c.oid = t.tgrelid"
                " WHERE NOT t.tgisinternal AND t.tgenabled = 'O'"
            )
        }
        functions = conn.execute(
            "SELECT p.proname, md5(p.prosrc), p.proacl::text FROM pg_proc p"
            " JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'"
        ).fetchall()
    return triggers, set(functions)


@pytest.fixture
def restored_url():
    original = database_url()
    name = f"{connection.settings_dict['NAME']}_restored"
    url = original.rsplit("/", 1)[0] + f"/{name}"
    with _connect(original) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    yield url
    with _connect(original) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_restored_dump_verifies_its_trail_and_still_refuses_bookings_outside(
    institution_world,
    restored_url,
    tmp_path: Path,
    settings,
):
    pg_dump, pg_restore = _tool("pg_dump"), _tool("pg_restore")
    original = database_url()
    with connection.cursor() as cursor:
        ensure_app_role(cursor)
    call_command("grant_application_role", APP_ROLE, stdout=io.StringIO())
    # The hourly head, stored outside the database (README: Backups).
    settings.AUDIT_HEAD_HMAC_KEY = HEAD_KEY
    head_output = io.StringIO()
    call_command("audit_head", stdout=head_output)
    head = head_output.getvalue().strip()
    # The trail goes on after the head: a booking at the colleague's slot.
    f.booking(institution_world.colleague_slot, institution_world.colleague_reason)

    dump = tmp_path / "hospital.dump"
    subprocess.run(
        [pg_dump, "--format=custom", f"--file={dump}", f"--dbname={original}"],
        check=True,
        capture_output=True,
        timeout=120,
    )
    restore = subprocess.run(
        [pg_restore, "--exit-on-error", f"--dbname={restored_url}", str(dump)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert restore.returncode == 0, restore.stderr[-3000:]
    granted = _manage(restored_url, "grant_application_role", APP_ROLE)
    assert granted.returncode == 0, granted.stderr[-3000:]

    verified = _manage(restored_url, "audit_verify", "--head", head)
    assert verified.returncode == 0, verified.stderr[-3000:]
    assert "audit chain intact" in verified.stdout
    forged = head.replace("hmac-sha256=", "hmac-sha256=0")
    assert _manage(restored_url, "audit_verify", "--head", forged).returncode != 0

    as_app = restored_url.replace("postgres@", f"{APP_ROLE}@", 1)
    with _connect(as_app) as app:
        with pytest.raises(psycopg.Error, match="institution|member|outside|establishment"):
            app.execute(
                "UPDATE scheduling_booking SET slot_id = %s, reason_id = %s WHERE id = %s",
                [
                    institution_world.clinic_slot.pk,
                    institution_world.clinic_reason.pk,
                    institution_world.booking.pk,
                ],
            )
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            app.execute("SELECT public.audit_write('read', 'x', '1', '{}')")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            app.execute("SELECT * FROM audit_secret")
        booking = app.execute(
            "SELECT slot_id FROM scheduling_booking WHERE id = %s", [institution_world.booking.pk]
        ).fetchone()
        assert booking == (institution_world.slot.pk,), "the refused booking stayed where it was"

    triggers, functions = _installed(restored_url)
    assert (triggers, functions) == _installed(original)
    assert {
        "scheduling_booking.institution_rule",
        "scheduling_booking.audit_row",
        "audit_event.audit_event_append_only",
    } <= triggers
