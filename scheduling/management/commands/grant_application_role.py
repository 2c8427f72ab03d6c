from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

GRANTS = Path(settings.BASE_DIR) / "deploy" / "postgresql" / "application_role.sql"
LARGE_OBJECT_CREATORS = [
    "lo_creat(integer)",
    "lo_create(oid)",
    "lo_from_bytea(oid, bytea)",
    "lo_import(text)",
    "lo_import(text, oid)",
]


class Command(BaseCommand):
    help = (
        "PostgreSQL: give the application role exactly its rights "
        "(deploy/postgresql/application_role.sql). Run as the tables' owner after migrate."
    )

    def add_arguments(self, parser):
        parser.add_argument("role", help="the application role, e.g. hospital_app")

    def handle(self, *args, role: str, **options):
        if connection.vendor != "postgresql":
            raise CommandError("roles exist on PostgreSQL only (SQLite: see the README)")
        with connection.cursor() as cursor:
            app = self._checked(cursor, role)
            database = connection.ops.quote_name(connection.settings_dict["NAME"])
            statements = _statements(GRANTS.read_text().format(app=app, database=database))
            with transaction.atomic():
                for statement in statements:
                    cursor.execute(statement)
                self._refuse_large_objects(cursor, role)
        self.stdout.write(f"{role}: {len(statements)} grants and revocations applied")

    def _refuse_large_objects(self, cursor, role: str) -> None:
        """A large object is data no trigger sees: the role must not create one."""
        cursor.execute(
            "SELECT array_agg(f) FROM unnest(%s::text[]) f"
            " WHERE has_function_privilege(%s, f::regprocedure, 'EXECUTE')",
            [LARGE_OBJECT_CREATORS, role],
        )
        allowed = cursor.fetchone()[0]
        if allowed:
            raise CommandError(
                f"{role} may create large objects, which no audit trigger sees. As a superuser,"
                f" in this database: REVOKE EXECUTE ON FUNCTION {', '.join(allowed)} FROM PUBLIC;"
            )

    def _checked(self, cursor, role: str) -> str:
        cursor.execute(
            "SELECT rolsuper OR rolcreaterole OR rolbypassrls FROM pg_roles WHERE rolname = %s",
            [role],
        )
        row = cursor.fetchone()
        if row is None:
            raise CommandError(f"no role {role!r}: CREATE ROLE {role} LOGIN PASSWORD '…' first")
        if row[0]:
            raise CommandError(f"{role} is a superuser or may create roles or bypass RLS")
        cursor.execute(
            "SELECT count(*) FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner"
            " WHERE r.rolname = %s",
            [role],
        )
        if cursor.fetchone()[0]:
            raise CommandError(f"{role} owns tables: it could disable their triggers")
        return connection.ops.quote_name(role)


def _statements(text: str) -> list[str]:
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("--")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]
