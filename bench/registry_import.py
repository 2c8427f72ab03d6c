"""The registry import at AP-HP's size: a first import, then the same files again.

Writes a FINESS extract and an RPPS Personne_activite extract in the published
formats (tests/registry/national_files.py: 39 AP-HP hospitals, 4 clinics, 10
other hospitals; 12,400 doctors of the institution — one in five on two sites,
one in ten also at a clinic — with 6,200 nurses and 6,200 doctors of other
hospitals or in liberal practice around them), then times `import_registry`
twice and counts the audit events each run wrote; then once more with every
50th line gone (a week of departures). Run it against a scratch
database, with DEBUG=0 (in debug mode Django keeps every query in memory):

    export DEBUG=0 SECRET_KEY=bench SITE_URL=https://bench.invalid
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_registry   # or sqlite:////tmp/bench.sqlite3
    .venv/bin/python manage.py migrate --skip-checks
    .venv/bin/python bench/registry_import.py [--practitioners 12400] [--batch-size 200]
"""

import argparse
import io
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from audit.models import Event  # noqa: E402
from hospital.models import Affiliation, Practitioner  # noqa: E402
from tests.registry.national_files import APHP, generate  # noqa: E402


def last_seq() -> int:
    return Event.objects.order_by("-seq").values_list("seq", flat=True).first() or 0


def timed_import(finess: Path, rpps: Path, batch_size: int) -> tuple[float, int, str]:
    before, out = last_seq(), io.StringIO()
    started = time.monotonic()
    call_command(
        "import_registry",
        "--finess", str(finess),
        "--rpps", str(rpps),
        "--legal-entity", APHP,
        "--batch-size", str(batch_size),
        stdout=out,
    )  # fmt: skip
    elapsed = time.monotonic() - started
    summary = [line for line in out.getvalue().splitlines() if line[:7] in ("Written", "The reg")]
    return elapsed, last_seq() - before, summary[0] if summary else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--practitioners", type=int, default=12_400)
    parser.add_argument("--batch-size", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        started = time.monotonic()
        finess, rpps = generate(Path(folder), practitioners=args.practitioners)
        lines = sum(1 for _ in rpps.open("rb")) - 1
        print(
            f"generated in {time.monotonic() - started:.1f} s: {rpps.stat().st_size / 1e6:.1f} MB, "
            f"{lines} RPPS lines ({connection.vendor})"
        )
        for label in ("first import", "same files again"):
            elapsed, events, summary = timed_import(finess, rpps, args.batch_size)
            print(f"{label}: {elapsed:.1f} s, {events} audit events. {summary}")
        header, *lines = rpps.read_bytes().splitlines(keepends=True)
        rpps.write_bytes(header + b"".join(lines[i] for i in range(len(lines)) if i % 50))
        elapsed, events, summary = timed_import(finess, rpps, args.batch_size)
        print(
            f"a week later, every 50th line gone: {elapsed:.1f} s, {events} audit events. {summary}"
        )
    print(
        f"registry: {Practitioner.objects.count()} practitioners, "
        f"{Affiliation.objects.count()} affiliations"
    )


if __name__ == "__main__":
    main()
