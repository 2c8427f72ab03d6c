from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

GRANTS = Path(settings.BASE_DIR) / "deploy" / "postgresql" / "application_role.sql"


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
        self.stdout.write(f"{role}: {len(statements)} grants and revocations applied")

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
