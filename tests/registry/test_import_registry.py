"""The registry is loaded from the national directories' extracts (manage.py import_registry).

The fixtures (tests/registry/fixtures/, see its README) are small files in the
published formats: a FINESS extract (`;`, Windows-1252) with four AP-HP
establishments (legal entity 750712184), a private clinic and another
hospital; an RPPS Personne_activite extract (`|`, UTF-8) with:

- A  DUPONT CLAIRE, neurosurgeon at the Pitié and at the clinic;
- B  MARTIN LUC, cardiologist at the Pitié and at the HEGP;
- C  BERNARD SOPHIE, paediatrician at Necker;
- D  PETIT JEAN, general practitioner at the HEGP (no specialty of the platform's list);
- E  ROBERT ANNE, neurologist at the clinic only (not the institution's);
- F  RICHARD PAUL, liberal neurosurgeon (a SIRET, no FINESS);
- G  DURAND MARIE, nurse at the Pitié (not a doctor);
- H  LEROY EMMA, gynaecologist-obstetrician at the Pitié;
- I  LÉVÊQUE AGNÈS, pneumologist at Necker.

The second week's files rename the HEGP, rename B, and drop B's HEGP line.
These tests commit (transaction=True): on PostgreSQL audit events are sealed
at COMMIT, as in production.
"""

import datetime
import io
import json
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from hospital.importing.service import (
    Institution,
    apply_plan,
    plan_import,
    read_directories,
)
from hospital.models import Affiliation, Department, Establishment, Practitioner, Specialty
from tests import factories as f
from tests.helpers import events_after, last_seq

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("specialties")]

FIXTURES = Path(__file__).parent / "fixtures"
FINESS_1 = FIXTURES / "etalab-cs1100507-stock-20260601-0400.csv"
FINESS_2 = FIXTURES / "etalab-cs1100507-stock-20260608-0400.csv"
RPPS_1 = FIXTURES / "PS_LibreAcces_Personne_activite_202606010900.txt"
RPPS_2 = FIXTURES / "PS_LibreAcces_Personne_activite_202606080900.txt"
APHP = "750712184"

PITIE, NECKER, HEGP, HENDAYE = "750100125", "750100208", "750803447", "640780128"
CLINIC, SAINT_DENIS = "750022337", "930001763"
RPPS = [
    f"1000000{n}" for n in ("1015", "1023", "1031", "1049", "1056", "1064", "1072", "1080", "1098")
]
A, B, C, D, E, F, G, H, I = RPPS  # noqa: E741 (the letters of the module's docstring)
NEURO, CARDIO, PEDIA, GYNECO, PNEUMO = (
    "Neurochirurgie",
    "Cardiologie et maladies vasculaires",
    "Pédiatrie",
    "Gynécologie obstétrique",
    "Pneumologie",
)
FIRST_WEEK = {
    (A, PITIE, NEURO),
    (A, CLINIC, NEURO),
    (B, PITIE, CARDIO),
    (B, HEGP, CARDIO),
    (C, NECKER, PEDIA),
    (H, PITIE, GYNECO),
    (I, NECKER, PNEUMO),
}


def run_import(finess=FINESS_1, rpps=RPPS_1, *options) -> str:
    out = io.StringIO()
    call_command(
        "import_registry", "--finess", str(finess), "--rpps", str(rpps),
        "--legal-entity", APHP, *options, stdout=out,
    )  # fmt: skip
    return out.getvalue()


def current_affiliations() -> set[tuple[str, str, str]]:
    return set(
        Affiliation.objects.filter(end_date__isnull=True).values_list(
            "practitioner__rpps", "department__establishment__finess", "department__name"
        )
    )


def test_first_import_creates_the_institution_its_practitioners_and_their_affiliations():
    mark = last_seq()
    output = run_import()

    members = set(Establishment.objects.filter(is_member=True).values_list("finess", flat=True))
    assert members == {PITIE, NECKER, HEGP, HENDAYE}
    # The clinic where A also practises is recorded as external; the other hospital is not.
    assert set(Establishment.objects.filter(is_member=False).values_list("finess", flat=True)) == {
        CLINIC
    }
    pitie = Establishment.objects.get(finess=PITIE)
    assert (pitie.name, pitie.address, pitie.postal_code, pitie.city, pitie.phone) == (
        "GROUPE HOSPITALIER PITIE-SALPETRIERE",
        "47 BD DE L HOPITAL",
        "75013",
        "PARIS",
        "+33142160000",
    )
    assert set(Practitioner.objects.values_list("rpps", flat=True)) == {A, B, C, D, H, I}
    assert Practitioner.objects.get(rpps=I).last_name == "LÉVÊQUE"  # UTF-8, as published
    assert list(Practitioner.objects.get(rpps=A).specialties.values_list("code", flat=True)) == [
        "neurochirurgie"
    ]
    assert current_affiliations() == FIRST_WEEK
    today = timezone.localdate()
    assert set(Affiliation.objects.values_list("start_date", flat=True)) == {today}
    assert Department.objects.get(establishment__finess=HEGP, name=CARDIO).specialty.code == (
        "cardiologie"
    )
    # General practice is no specialty of the platform's: reported, not invented.
    assert "savoir-faire SM54 'Médecine générale'" in output
    assert f"practitioner {D} PETIT JEAN at {HEGP}" in output
    events = list(events_after(mark))
    assert events and {(e.actor, e.channel) for e in events} == {
        ("system:import_registry", "command")
    }
    # Inserts only, but for the flag the database derives from each new
    # membership period (hospital_establishment.is_member).
    updates = [e for e in events if e.action == "update"]
    assert {e.action for e in events} == {"insert", "update"}
    assert {e.object_type for e in updates} == {"hospital_establishment"}
    changed = [e.changes if isinstance(e.changes, dict) else json.loads(e.changes) for e in updates]
    assert all(set(c) == {"is_member"} for c in changed)


def test_reimporting_unchanged_files_writes_nothing_and_no_audit_event():
    run_import()
    mark = last_seq()

    output = run_import()

    assert list(events_after(mark)) == []
    assert "nothing to change" in output


def test_changed_files_update_exactly_the_changed_fields_and_end_the_vanished_affiliation():
    run_import()
    mark = last_seq()

    output = run_import(FINESS_2, RPPS_2)

    changed = [(e.action, e.object_type, set(json.loads(e.changes))) for e in events_after(mark)]
    assert sorted(changed) == [
        ("update", "hospital_affiliation", {"end_date"}),
        ("update", "hospital_establishment", {"name"}),
        ("update", "hospital_practitioner", {"last_name"}),
    ]
    assert (
        Establishment.objects.get(finess=HEGP).name == "HOPITAL EUROPEEN GEORGES POMPIDOU - AP-HP"
    )
    assert Practitioner.objects.get(rpps=B).last_name == "MARTIN-DURAS"
    ended = Affiliation.objects.get(practitioner__rpps=B, department__establishment__finess=HEGP)
    assert ended.end_date == timezone.localdate()
    assert current_affiliations() == FIRST_WEEK - {(B, HEGP, CARDIO)}
    assert f"- affiliation {B} MARTIN LUC → {CARDIO} — HOPITAL EUROPEEN GEORGES POMPIDOU" in output
    # Ended, never deleted; and the week after, the same files change nothing.
    assert Affiliation.objects.count() == len(FIRST_WEEK)
    mark = last_seq()
    run_import(FINESS_2, RPPS_2)
    assert list(events_after(mark)) == []


def test_dry_run_prints_the_diff_and_writes_nothing():
    mark = last_seq()

    output = run_import(FINESS_1, RPPS_1, "--dry-run")

    assert list(events_after(mark)) == []
    assert not Establishment.objects.exists() and not Practitioner.objects.exists()
    assert "Changes (dry run: nothing written): 25" in output
    assert f"+ practitioner {A} DUPONT CLAIRE (Neurochirurgie)" in output
    assert f"+ department {NEURO} at {CLINIC} CLINIQUE DU PARC MONCEAU" in output

    run_import()
    mark = last_seq()
    output = run_import(FINESS_2, RPPS_2, "--dry-run")

    assert list(events_after(mark)) == []
    assert (
        f"~ establishment {HEGP}: name 'HOPITAL EUROPEEN GEORGES POMPIDOU' → "
        "'HOPITAL EUROPEEN GEORGES POMPIDOU - AP-HP'" in output
    )
    assert f"~ practitioner {B}: last_name 'MARTIN' → 'MARTIN-DURAS'" in output
    assert f"- affiliation {B} MARTIN LUC → {CARDIO}" in output
    assert Practitioner.objects.get(rpps=B).last_name == "MARTIN"


def _with_lines(path: Path, folder: Path, extra: list[bytes], drop: str = "") -> Path:
    """A copy of an extract with `extra` lines appended (and lines containing `drop` left out)."""
    lines = [
        line for line in path.read_bytes().splitlines() if not (drop and drop.encode() in line)
    ]
    copy = folder / path.name
    copy.write_bytes(b"\n".join(lines + extra) + b"\n")
    return copy


def _line_of(rpps: str, finess: str, path: Path = RPPS_1) -> str:
    return next(
        line
        for line in path.read_text("utf-8").splitlines()
        if f"|{rpps}|" in line and finess in line
    )


def test_bad_lines_are_reported_with_their_numbers_and_the_rest_is_imported(tmp_path):
    good = _line_of(C, NECKER)
    wrong_key = good.replace(f"|{C}|", f"|{C[:-1]}{(int(C[-1]) + 1) % 10}|")
    j = "10000001106"
    unknown_site = good.replace(f"|{C}|", f"|{j}|").replace(NECKER, "750100141")
    bad_site_key = good.replace(NECKER, "750100209")
    bad_siret = good.replace("|26750045202017|", "|26750045202018|")
    latin1 = good.replace(f"|{C}|", f"|{j}|").replace("BERNARD", "HÉLÈNE").encode("cp1252")
    rpps = _with_lines(
        RPPS_1,
        tmp_path,
        [
            wrong_key.encode(),  # line 13
            "|".join(good.split("|")[:20]).encode(),  # line 14: columns missing
            latin1,  # line 15: not UTF-8
            unknown_site.encode(),  # line 16: a FINESS with a right key, absent from the extract
            bad_site_key.encode(),  # line 17
            bad_siret.encode(),  # line 18
        ],
    )
    finess_lines = FINESS_1.read_bytes().splitlines()
    pitie = next(line for line in finess_lines if PITIE.encode() in line)
    finess = _with_lines(
        FINESS_1,
        tmp_path,
        [
            pitie.replace(PITIE.encode(), b"750100126"),  # line 14: wrong key
            pitie.rsplit(b";", 1)[0],  # line 15: 31 fields
        ],
    )

    output = run_import(finess, rpps)

    for expected in (
        f"{finess.name}, line 14: nofinesset '750100126': wrong check digit",
        f"{finess.name}, line 15: a structureet line has 32 fields, not 31",
        f"{rpps.name}, line 13: Identifiant PP '{C[:-1]}{(int(C[-1]) + 1) % 10}': wrong check "
        "digit",
        f"{rpps.name}, line 14: 20 fields where the header has 53",
        f"{rpps.name}, line 15: not valid UTF-8 text",
        f"{rpps.name}, line 16: unknown FINESS: site 750100141 is not in the FINESS extract",
        f"{rpps.name}, line 17: Numéro FINESS site '750100209': wrong check digit",
        f"{rpps.name}, line 18: Numéro SIRET site '26750045202018': not a valid SIRET",
    ):
        assert expected in output
    assert "Bad lines (skipped): 8" in output
    # Everything else is imported; the practitioner of the unreadable lines is not.
    assert current_affiliations() == FIRST_WEEK
    assert not Practitioner.objects.filter(rpps=j).exists()


def test_a_practitioner_with_an_unreadable_line_keeps_their_affiliations(tmp_path):
    run_import()
    hegp_line = _line_of(B, HEGP)
    rpps = _with_lines(
        RPPS_1,
        tmp_path,
        [hegp_line.replace(HEGP, "750803448").encode()],  # B's HEGP line, its key mistyped
        drop=hegp_line,
    )
    mark = last_seq()

    output = run_import(FINESS_1, rpps)

    assert "Numéro FINESS site '750803448': wrong check digit" in output
    assert f"practitioner {B}: some of their lines could not be read" in output
    assert list(events_after(mark)) == []
    assert current_affiliations() == FIRST_WEEK


def test_an_affiliation_upcoming_bookings_depend_on_is_not_ended_and_is_reported():
    run_import()
    doctor = Practitioner.objects.get(rpps=B)
    cardiology = Department.objects.get(establishment__finess=HEGP, name=CARDIO)
    agenda = f.agenda(doctor, cardiology, affiliated=False)
    booking = f.booking(f.slot(agenda), f.reason(agenda))

    dry = run_import(FINESS_2, RPPS_2, "--dry-run")
    output = run_import(FINESS_2, RPPS_2)

    assert "would be refused: Refused: 1 upcoming booking depends on it" in dry
    assert "Refused by the registry (not applied; the import went on): 1" in output
    assert f"- affiliation {B} MARTIN LUC → {CARDIO} — HOPITAL EUROPEEN GEORGES POMPIDOU" in output
    assert booking.public_id.hex[:8] in output
    assert Affiliation.objects.get(practitioner=doctor, department=cardiology).end_date is None
    # The rest of the week's changes went through.
    assert Practitioner.objects.get(rpps=B).last_name == "MARTIN-DURAS"
    assert Establishment.objects.get(finess=HEGP).name.endswith("- AP-HP")


def test_an_interrupted_import_is_completed_by_the_next_run():
    today = timezone.localdate()
    institution = Institution(legal_entities=frozenset({APHP}))
    plan = plan_import(read_directories(FINESS_1, RPPS_1, institution=institution), today=today)
    applied = []

    def interrupt(step):
        applied.append(step)
        if len(applied) == 12:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        apply_plan(plan, today=today, batch_size=5, on_step=interrupt)
    # Two whole batches were committed; the third, cut in the middle, was not.
    assert Establishment.objects.count() + Department.objects.count() == 10

    output = run_import()

    assert "Written: 2 department added, 6 practitioner added, 7 affiliation added." in output
    assert current_affiliations() == FIRST_WEEK
    mark = last_seq()
    run_import()
    assert list(events_after(mark)) == []


def test_only_the_institutions_establishments_become_members():
    output = run_import(
        FINESS_1, RPPS_1, "--category", "101", "--establishment", f"{SAINT_DENIS},750100141"
    )

    members = set(Establishment.objects.filter(is_member=True).values_list("finess", flat=True))
    # Hendaye is AP-HP's, but not of category 101; Saint-Denis is named one by one.
    assert members == {PITIE, NECKER, HEGP, SAINT_DENIS}
    assert "establishment 750100141: not in the FINESS extract" in output


def test_the_import_never_makes_an_establishment_leave_and_leaves_other_professions_alone():
    nurse = f.practitioner(rpps=G, last_name="DURAND", first_name="MARIE")
    stranger = f.practitioner()  # typed by hand, unknown to the directory
    run_import()
    pitie = Establishment.objects.get(finess=PITIE)
    care = f.department(pitie, name="Soins infirmiers")
    f.affiliation(nurse, care)
    f.affiliation(stranger, care)
    legacy = f.establishment(name="Ancien site", is_member=True)
    mark = last_seq()

    output = run_import()

    changes = [(e.object_type, json.loads(e.changes)) for e in events_after(mark)]
    assert changes == [("hospital_affiliation", {"end_date": [None, str(timezone.localdate())]})]
    assert Affiliation.objects.get(practitioner=stranger).end_date == timezone.localdate()
    assert Affiliation.objects.get(practitioner=nurse).end_date is None
    assert Establishment.objects.get(pk=legacy.pk).is_member
    assert f"establishment {legacy.finess} Ancien site is a member in the registry" in output


def test_names_retyped_with_their_accents_are_kept():
    run_import()
    Establishment.objects.filter(finess=PITIE).update(name="Groupe hospitalier Pitié-Salpêtrière")
    Practitioner.objects.filter(rpps=B).update(first_name="Luc", last_name="Martin")
    mark = last_seq()

    run_import()

    assert list(events_after(mark)) == []
    assert Establishment.objects.get(finess=PITIE).name == "Groupe hospitalier Pitié-Salpêtrière"


def test_an_existing_department_of_the_specialty_is_used_rather_than_a_new_one():
    pitie = f.establishment(
        finess=PITIE, name="Pitié-Salpêtrière", is_member=True, address="47 boulevard de l'Hôpital"
    )
    neurosurgery = f.department(
        pitie,
        name="Service de neurochirurgie",
        specialty=Specialty.objects.get(code="neurochirurgie"),
    )
    doctor = f.practitioner(rpps=A, last_name="Dupont", first_name="Claire")
    other = f.department(pitie, name="Consultations")
    f.affiliation(doctor, other)  # already working at the Pitié: kept as it is

    run_import()

    assert not Department.objects.filter(establishment=pitie, name=NEURO).exists()
    assert Affiliation.objects.get(practitioner__rpps=H).department.establishment == pitie
    assert not Affiliation.objects.filter(practitioner=doctor, department=neurosurgery).exists()
    assert Affiliation.objects.get(practitioner=doctor, department=other).end_date is None
    assert Establishment.objects.get(pk=pitie.pk).address == "47 BD DE L HOPITAL"


def test_an_unexpectedly_large_number_of_endings_stops_the_import_before_it_writes(tmp_path):
    run_import()
    header_only = tmp_path / RPPS_1.name
    header_only.write_bytes(RPPS_1.read_bytes().splitlines(keepends=True)[0])
    mark = last_seq()

    with pytest.raises(
        CommandError, match="6 affiliations would end, more than 2 \\(of 6 current\\)"
    ):
        run_import(FINESS_2, header_only, "--max-endings", "2")

    assert list(events_after(mark)) == []
    assert current_affiliations() == FIRST_WEEK


def test_a_file_that_is_not_the_extract_is_refused_whole(tmp_path):
    with pytest.raises(CommandError, match="is not a FINESS extract"):
        run_import(RPPS_1, RPPS_1)
    header, *rest = RPPS_1.read_text("utf-8").splitlines()
    renamed = tmp_path / RPPS_1.name
    renamed.write_text("\n".join([header.replace("Numéro FINESS site", "FINESS"), *rest]), "utf-8")
    with pytest.raises(CommandError, match="lacks the columns Numéro FINESS site"):
        run_import(FINESS_1, renamed)
    with pytest.raises(CommandError, match="not a FINESS number"):
        call_command("import_registry", "--finess", str(FINESS_1), "--rpps", str(RPPS_1),
                     "--legal-entity", "750712185")  # fmt: skip
    assert not Establishment.objects.exists() and not Practitioner.objects.exists()


def test_the_published_zip_a_later_header_and_a_utf8_finess_are_read(tmp_path):
    # annuaire.sante.fr publishes a zip of three files; later releases respell some
    # columns and add others at the end; a FINESS release may come in UTF-8.
    header, *rest = RPPS_1.read_text("utf-8").splitlines()
    later = header.replace("Libellé civilité d'exercice", "Libellé civilité exercice").replace(
        "Code Département (structure)|Libellé Département (structure)",
        "Code département (coord. structure)|Libellé département (coord. structure)",
    )
    later += "Code fonction|Libellé fonction|Code genre d'activité|Libellé genre d'activité|"
    archive = tmp_path / "PS_LibreAcces_202606010900.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr(
            "PS_LibreAcces_Personne_activite_202606010900.txt",
            "\n".join([later, *(line + "||||" for line in rest)]) + "\n",
        )
        zf.writestr("PS_LibreAcces_Dipl_AutExerc_202606010900.txt", "Type d'identifiant PP|\n")
        zf.writestr("PS_LibreAcces_SavoirFaire_202606010900.txt", "Type d'identifiant PP|\n")
    utf8 = tmp_path / FINESS_1.name
    utf8.write_text(FINESS_1.read_bytes().decode("cp1252"), "utf-8")

    run_import(utf8, archive)

    assert current_affiliations() == FIRST_WEEK
    pitie = Establishment.objects.get(finess=PITIE)
    assert pitie.name == "GROUPE HOSPITALIER PITIE-SALPETRIERE"
    assert Department.objects.filter(name=PEDIA, establishment__finess=NECKER).exists()


def test_the_import_date_is_the_affiliations_start_and_end(monkeypatch):
    monday = datetime.date(2026, 6, 1)
    monkeypatch.setattr(timezone, "localdate", lambda *args: monday)
    run_import()
    monkeypatch.setattr(timezone, "localdate", lambda *args: monday + datetime.timedelta(days=7))
    run_import(FINESS_2, RPPS_2)

    ended = Affiliation.objects.get(practitioner__rpps=B, department__establishment__finess=HEGP)
    assert (ended.start_date, ended.end_date) == (monday, monday + datetime.timedelta(days=7))
