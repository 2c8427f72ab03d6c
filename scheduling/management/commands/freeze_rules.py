from django.core.management.base import BaseCommand, CommandError

from scheduling.migrations._frozen_rules import OBJECTS_DIR, SQL_DIR
from scheduling.rules.frozen import VENDORS, plan

HEADER = (
    "-- Which objects of the database rules this version installs and retires\n"
    "-- (files of objects/<vendor>/), frozen by `manage.py freeze_rules`. Never edit.\n"
)


class Command(BaseCommand):
    help = (
        "Freeze today's database rules, as rendered by scheduling/rules/, for a new "
        "migration that calls _frozen_rules.install(VERSION): the objects whose hash "
        "changed since what the migrations install (one file each, "
        "scheduling/migrations/sql/objects/<vendor>/<name>.<hash>.sql) and those to "
        "retire, listed in scheduling/migrations/sql/VERSION.<vendor>.objects. "
        "Refuses to overwrite a version."
    )

    def add_arguments(self, parser):
        parser.add_argument("version", help="the new migration's name, e.g. 0036_rules")
        parser.add_argument(
            "--all",
            action="store_true",
            help="freeze every object, changed or not (a new base)",
        )

    def handle(self, *args, version: str, all: bool, **options):
        targets = {vendor: SQL_DIR / f"{version}.{vendor}.objects" for vendor in VENDORS}
        existing = [
            str(path)
            for path in [*targets.values(), *SQL_DIR.glob(f"{version}.*.sql")]
            if path.exists()
        ]
        if existing:
            raise CommandError(f"frozen rules are never rewritten: {', '.join(existing)}")
        # The version's own migration may exist already (frozen again after a
        # rebase): what it installs is not history yet.
        plans = {vendor: plan(vendor, everything=all, leaving_out=version) for vendor in VENDORS}
        if not any(p.install or p.retire for p in plans.values()):
            raise CommandError("the rules have not changed since the latest frozen version")
        for vendor, todo in plans.items():
            directory = OBJECTS_DIR / vendor
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
        self.stdout.write(
            "Now add a migration that calls "
            f"_frozen_rules.install({version!r}) and depends on the latest ones."
        )
