import sys
import time
from collections import Counter
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from tqdm import tqdm

from hospital.importing.formats import (
    DOCTORS,
    FINESS_MEMBER,
    RPPS_MEMBER,
    FormatError,
    extract_size,
)
from hospital.importing.service import (
    DEFAULT_BATCH_SIZE,
    EndAffiliation,
    ImportRefused,
    Institution,
    Plan,
    apply_plan,
    plan_import,
    read_directories,
)
from hospital.validators import validate_finess


class Command(BaseCommand):
    help = (
        "Load the registry from the national directories' public extracts: FINESS "
        "(establishments) and the RPPS Personne_activite extract (practitioners), kept to the "
        "institution's establishments. Run it again with new extracts: it adds, updates and "
        "ends affiliations that disappeared; it never deletes. "
        "Example: import_registry --finess etalab-cs1100507-stock-20260601-0400.csv "
        "--rpps PS_LibreAcces_202606010900.zip --legal-entity 750712184"
    )

    def add_arguments(self, parser):
        parser.add_argument("--finess", required=True, type=Path, help="the FINESS extract (.csv)")
        parser.add_argument(
            "--rpps",
            required=True,
            type=Path,
            help="PS_LibreAcces_Personne_activite_….txt, or the PS_LibreAcces_….zip holding it",
        )
        parser.add_argument(
            "--legal-entity",
            action="append",
            default=[],
            help="FINESS of the institution's legal entity (repeat, or comma-separated)",
        )
        parser.add_argument(
            "--establishment",
            action="append",
            default=[],
            help="FINESS of one of the institution's establishments (repeat, or comma-separated)",
        )
        parser.add_argument(
            "--category",
            action="append",
            default=[],
            help="keep only the legal entity's establishments of these FINESS categories "
            "(categetab, e.g. 101,355); default: all",
        )
        parser.add_argument(
            "--profession",
            action="append",
            default=[],
            help=f"RPPS 'Code profession' to import (default {DOCTORS}, Médecin)",
        )
        parser.add_argument("--dry-run", action="store_true", help="print the diff, write nothing")
        parser.add_argument(
            "--batch-size",
            type=int,
            default=DEFAULT_BATCH_SIZE,
            help=f"changes per transaction (default {DEFAULT_BATCH_SIZE})",
        )
        parser.add_argument(
            "--max-endings",
            type=int,
            default=None,
            help="end at most this many affiliations (default: 5%% of the current ones, "
            "at least 25); more stops the import before it writes anything",
        )
        parser.add_argument(
            "--finess-encoding", choices=["auto", "utf-8", "cp1252"], default="auto"
        )

    def handle(self, *args, **options):
        started = time.monotonic()
        today = timezone.localdate()
        institution = _institution(options)
        professions = frozenset(_listed(options["profession"])) or frozenset({DOCTORS})
        for path in (options["finess"], options["rpps"]):
            if not path.is_file():
                raise CommandError(f"no such file: {path}")
        try:
            directory = self._read(options, institution, professions)
        except FormatError as error:
            raise CommandError(str(error)) from None
        plan = plan_import(directory, today=today)
        self._print_reading(options, directory, plan)
        if options["dry_run"]:
            self._print_dry_run(plan, today)
            return
        try:
            outcome = self._apply(plan, options, today)
        except ImportRefused as refusal:
            raise CommandError(str(refusal)) from None
        self._section("Changes", [str(step) for step in outcome.applied])
        self._section(
            "Refused by the registry (not applied; the import went on)",
            [f"{step}: {reason}" for step, reason in outcome.refused],
        )
        self._summary(outcome.applied, written=True)
        self.stdout.write(f"Done in {time.monotonic() - started:.1f} s.")

    def _read(self, options, institution, professions):
        total = extract_size(options["finess"], FINESS_MEMBER) + extract_size(
            options["rpps"], RPPS_MEMBER
        )
        with _bar(total=total, unit="B", unit_scale=True, desc="reading") as bar:
            return read_directories(
                options["finess"],
                options["rpps"],
                institution=institution,
                professions=professions,
                finess_encoding=options["finess_encoding"],
                progress=bar.update,
            )

    def _apply(self, plan: Plan, options, today):
        with _bar(total=len(plan.steps), unit="change", desc="writing") as bar:
            return apply_plan(
                plan,
                today=today,
                batch_size=options["batch_size"],
                max_endings=options["max_endings"],
                on_step=lambda step: bar.update(1),
            )

    def _print_reading(self, options, directory, plan: Plan) -> None:
        self.stdout.write(
            f"FINESS {options['finess'].name}: {len(directory.structures)} establishments, "
            f"{len(directory.members)} of them the institution's."
        )
        self.stdout.write(
            f"RPPS {options['rpps'].name}: {len(directory.practitioners)} practitioners "
            "practising in the institution."
        )
        self._section("Bad lines (skipped)", [str(line) for line in plan.bad_lines])
        counted = [f"{count} {what}" for what, count in sorted(plan.counts.items())]
        self._section("Notes", counted + plan.notes)

    def _print_dry_run(self, plan: Plan, today) -> None:
        lines = []
        for step in plan.steps:
            objections = step.objections(today) if isinstance(step, EndAffiliation) else []
            refused = f"  (would be refused: {' '.join(objections)})" if objections else ""
            lines.append(f"{step}{refused}")
        self._section("Changes (dry run: nothing written)", lines)
        if len(plan.endings) > plan.endings_limit():
            self.stdout.write(
                f"Warning: {len(plan.endings)} affiliations would end, more than "
                f"{plan.endings_limit()}: without --max-endings the import will refuse to run."
            )
        self._summary(plan.steps, written=False)

    def _section(self, title: str, lines: list[str]) -> None:
        if not lines:
            return
        self.stdout.write(f"{title}: {len(lines)}")
        for line in lines:
            self.stdout.write(f"  {line}")

    def _summary(self, steps, *, written: bool) -> None:
        if not steps:
            self.stdout.write("The registry already matches the directories: nothing to change.")
            return
        counts = Counter(step.kind for step in steps)
        verb = "Written" if written else "Would write"
        listed = ", ".join(f"{count} {kind}" for kind, count in counts.items())
        self.stdout.write(f"{verb}: {listed}.")


def _listed(values: list[str]) -> list[str]:
    return [item.strip() for value in values for item in value.split(",") if item.strip()]


def _institution(options) -> Institution:
    legal_entities = _listed(options["legal_entity"])
    establishments = _listed(options["establishment"])
    if not legal_entities and not establishments:
        raise CommandError(
            "say which establishments are the institution's: --legal-entity (e.g. 750712184, "
            "AP-HP) and/or --establishment"
        )
    for number in legal_entities + establishments:
        try:
            validate_finess(number)
        except ValidationError:
            raise CommandError(f"{number} is not a FINESS number") from None
    return Institution(
        legal_entities=frozenset(legal_entities),
        establishments=frozenset(establishments),
        categories=frozenset(_listed(options["category"])),
    )


def _bar(**kwargs) -> tqdm:
    """A progress bar on the terminal, silent when the output is not one (cron)."""
    return tqdm(file=sys.stderr, disable=None, leave=False, **kwargs)
