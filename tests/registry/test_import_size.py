"""The generated institution (bench/registry_import.py's, smaller) is imported whole.

The same generator writes the AP-HP-size files of the benchmark (12,400
doctors; figures in bench/README.md); here a few hundred doctors keep CI
short. What should come out is counted from the files themselves, not
through the importer.
"""

import csv

import pytest
from django.core.management import call_command

from hospital.models import Affiliation, Establishment, Practitioner, Specialty
from tests.helpers import events_after, last_seq
from tests.registry.national_files import APHP, generate

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("specialties")]


def expected(rpps_path):
    with rpps_path.open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file, delimiter="|", quoting=csv.QUOTE_NONE))
    doctors = [row for row in rows if row["Code profession"] == "10"]
    ours = {
        r["Identifiant PP"] for r in doctors if r["Numéro FINESS établissement juridique"] == APHP
    }
    pairs = {
        (r["Identifiant PP"], r["Numéro FINESS site"])
        for r in doctors
        if r["Identifiant PP"] in ours and r["Code savoir-faire"] != "SM54"
    }
    return ours, pairs


def test_a_generated_institution_is_imported_whole_and_reimported_without_a_change(tmp_path):
    finess, rpps = generate(tmp_path, practitioners=300, hospitals=8)
    practitioners, pairs = expected(rpps)
    assert Specialty.objects.exists()

    call_command("import_registry", "--finess", str(finess), "--rpps", str(rpps),
                 "--legal-entity", APHP, "--batch-size", "50")  # fmt: skip

    assert set(Practitioner.objects.values_list("rpps", flat=True)) == practitioners
    assert len(practitioners) == 300
    assert (
        set(
            Affiliation.objects.values_list(
                "practitioner__rpps", "department__establishment__finess"
            )
        )
        == pairs
    )
    assert Establishment.objects.filter(is_member=True).count() == 8
    mark = last_seq()
    call_command("import_registry", "--finess", str(finess), "--rpps", str(rpps),
                 "--legal-entity", APHP)  # fmt: skip
    assert list(events_after(mark)) == []
