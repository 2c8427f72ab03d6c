from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from scheduling.rules.frozen import VENDORS, Program, plan, program, programs

HEADER = (
    "-- Which objects of the database rules this version installs and retires\n"
    "-- (files of objects/<vendor>/), frozen by `manage.py freeze_rules`. Never edit.\n"
)


def target_dir(frozen: Program) -> Path:
    """Where the new version is written: the app's migrations/sql/."""
    return frozen.sql_dir


class Command(BaseCommand):
    help = (
        "Freeze today's SQL of one app's database program (scheduling's rules, listing and "
        "audit trail by default; --app interfaces: the outbound feed) for a new migration "
        "of that app that calls _frozen_rules.install(VERSION): the objects whose hash "
        "changed since what the app's migrations install (one file each, "
        "<app>/migrations/sql/objects/<vendor>/<name>.<hash>.sql) and those to "
        "retire, listed in <app>/migrations/sql/VERSION.<vendor>.objects. "
        "Refuses to overwrite a version."
    )

    def add_arguments(self, parser):
        parser.add_argument("version", help="the new migration's name, e.g. 0036_rules")
        parser.add_argument(
            "--app",
            default="scheduling",
            choices=[p.app for p in programs()],
            help="whose program to freeze (default: scheduling)",
        )
        parser.add_argument(
            "--all",
            action="store_true",
            help="freeze every object, changed or not (a new base)",
        )

    def handle(self, *args, version: str, app: str, all: bool, **options):
        sql_dir = target_dir(program(app))
        targets = {vendor: sql_dir / f"{version}.{vendor}.objects" for vendor in VENDORS}
        existing = [
            str(path)
            for path in [*targets.values(), *sql_dir.glob(f"{version}.*.sql")]
            if path.exists()
        ]
        if existing:
            raise CommandError(f"frozen rules are never rewritten: {', '.join(existing)}")
        # The version's own migration may exist already (frozen again after a
        # rebase): what it installs is not history yet.
        plans = {
            vendor: plan(vendor, app=app, everything=all, leaving_out=version) for vendor in VENDORS
        }
        if not any(p.install or p.retire for p in plans.values()):
            raise CommandError("the rules have not changed since the latest frozen version")
        for vendor, todo in plans.items():
            directory = sql_dir / "objects" / vendor
            directory.mkdir(parents=True, exist_ok=True)
            for obj in todo.install + todo.retire:
                path = directory / obj.file
                if not path.exists():
                    path.write_text(obj.text)
            lines = [f"install {o.file}" for o in todo.install]
            lines += [f"retire {o.file}" for o in todo.retire]
            targets[vendor].write_text(HEADER + "".join(f"{line}\n" for line in lines))
            self.stdout.write(
                f"wrote {targets[vendor]}: {len(todo.install)} to install, "
                f"{len(todo.retire)} to retire"
            )
        where = "" if app == "scheduling" else ", sql_dir=SQL_DIR"
        self.stdout.write(
            f"Now add a migration of {app} that calls "
            f"_frozen_rules.install({version!r}{where}) and depends on the latest ones."
        )
