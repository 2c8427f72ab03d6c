"""What the national directories mean for the registry, and applying it.

`read_directories` reads the two extracts into a `Directory`: the
institution's establishments (by legal entity and/or establishment FINESS),
and the practitioners who practise at one of them, with every practice site
they have. `plan_import` compares it with the registry and returns the
changes as steps; nothing is written. `apply_plan` writes the steps in
batches, one transaction per batch and a savepoint per step, attributed to
`system:import_registry` on the channel `command` in the audit trail.

What a step does, and what the import never does:

- establishments of the institution are created or updated (name, address,
  postal code, city as FINESS publishes them) and made members; an
  establishment is never made to leave the institution, nor deleted;
- an establishment where a practitioner of the institution also practises is
  recorded as external (shown, never booked);
- practitioners are created or updated (names), and given the specialties
  their savoir-faire map to (never removed);
- each practice site becomes an affiliation, from the import's date, to a
  department of that establishment: the one with the practitioner's
  specialty (the lowest id, when several), else one named after the
  specialty, else a new one named after the specialty. A practitioner who
  already has a current affiliation anywhere in that establishment keeps it;
- a current affiliation whose site has disappeared from the file ends on the
  import's date, unless upcoming bookings depend on it (the registry's
  guards refuse it: it is reported and the import goes on). Nothing is
  deleted.

A change compares the registry with the file first and writes only what
differs, so an unchanged file writes nothing: no row, no audit event. Names
and addresses equal but for case, accents and spacing are the same (the
directories publish them in capitals; a name retyped in the admin with its
accents is kept). The plan is recomputed from the registry on every run, so
a run interrupted between two batches is completed by the next one.
"""

import datetime
import math
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction

from audit.context import AuditChannel, acting
from hospital import guards
from hospital.db_refusals import check_rules_now, refusal_message
from hospital.importing.formats import (
    DOCTORS,
    Activity,
    BadLine,
    FinessReader,
    RppsReader,
    Structure,
)
from hospital.importing.savoir_faire import SAVOIR_FAIRE_TO_SPECIALTY
from hospital.models import (
    Affiliation,
    Department,
    Establishment,
    Membership,
    Practitioner,
    Specialty,
)
from hospital.phones import normalise_phone

ACTOR = "system:import_registry"
DEFAULT_BATCH_SIZE = 200
# Endings beyond this share of the current affiliations concerned (and beyond
# ENDINGS_FLOOR) look like a truncated or wrong file, not a week's changes.
ENDINGS_SHARE = 0.05
ENDINGS_FLOOR = 25


class ImportRefused(Exception):
    """The import would not be safe to apply (nothing was written)."""


@dataclass(frozen=True)
class Institution:
    """Which establishments are the institution's: those of its legal entities
    (optionally of some categories only) and those named one by one."""

    legal_entities: frozenset[str] = frozenset()
    establishments: frozenset[str] = frozenset()
    categories: frozenset[str] = frozenset()  # FINESS categetab codes; empty: all

    def includes(self, structure: Structure) -> bool:
        if structure.finess in self.establishments:
            return True
        return structure.legal_entity in self.legal_entities and (
            not self.categories or structure.category_code in self.categories
        )


# --- reading ----------------------------------------------------------------------


@dataclass
class PractitionerLines:
    """What the extract says of one practitioner of the institution."""

    rpps: str
    last_name: str = ""
    first_name: str = ""
    savoir_faire: list[tuple[str, str]] = field(default_factory=list)  # (code, label)
    sites: dict[str, int] = field(default_factory=dict)  # FINESS -> its first line


@dataclass
class Directory:
    """What the two extracts say about the institution."""

    structures: dict[str, Structure]  # every establishment of the FINESS extract
    members: set[str]  # the institution's, by FINESS
    practitioners: dict[str, PractitionerLines]  # practising at a member, by RPPS
    bad_lines: list[BadLine]
    # Practitioners some line of whom could not be read: none of their
    # affiliations is ended on this run.
    uncertain: set[str]
    # Professionals of the professions not imported who practise at a member
    # establishment: their affiliations are not this import's to end.
    other_professions: set[str]
    counts: Counter
    notes: list[str] = field(default_factory=list)


def read_directories(
    finess_path: Path,
    rpps_path: Path,
    *,
    institution: Institution,
    professions: frozenset[str] = frozenset({DOCTORS}),
    finess_encoding: str = "auto",
    progress: Callable[[int], None] | None = None,
) -> Directory:
    """Read both extracts (FormatError if either is not what it should be)."""
    finess = FinessReader(Path(finess_path), encoding=finess_encoding, progress=progress)
    structures: dict[str, Structure] = {}
    bad_lines: list[BadLine] = []
    for item in finess:
        if isinstance(item, BadLine):
            bad_lines.append(item)
        else:
            structures[item.finess] = item
    members = {number for number, s in structures.items() if institution.includes(s)}
    rpps = RppsReader(
        Path(rpps_path), professions=professions, progress=progress, watch_sites=frozenset(members)
    )
    activities: list[Activity] = []  # with a FINESS: a liberal practice is no establishment
    no_finess = 0
    for item in rpps:
        if isinstance(item, BadLine):
            bad_lines.append(item)
        elif item.site_finess:
            activities.append(item)
        else:
            no_finess += 1
    directory = Directory(
        structures=structures,
        members=members,
        practitioners={},
        bad_lines=bad_lines,
        uncertain={line.rpps for line in bad_lines if line.rpps},
        other_professions=rpps.watched,
        counts=finess.counts + rpps.counts,
        notes=_unmatched(institution, structures),
    )
    if no_finess:
        directory.counts["practice sites without a FINESS number (not recorded)"] = no_finess
    _gather_practitioners(directory, activities, Path(rpps_path).name, institution)
    # In the order of the files, and of their lines.
    bad_lines.sort(key=lambda line: (line.file != Path(finess_path).name, line.line))
    return directory


def _unmatched(institution: Institution, structures: dict[str, Structure]) -> list[str]:
    """The institution's FINESS numbers the extract does not know (a typing error?)."""
    entities = {s.legal_entity for s in structures.values()}
    return [
        f"legal entity {number}: no establishment of it in the FINESS extract"
        for number in sorted(institution.legal_entities - entities)
    ] + [
        f"establishment {number}: not in the FINESS extract"
        for number in sorted(institution.establishments - structures.keys())
    ]


def _gather_practitioners(
    directory: Directory, activities: list[Activity], file: str, institution: Institution
) -> None:
    """The practitioners with a practice site in the institution, and all their sites.
    A line whose site is missing from the FINESS extract is a bad line: nothing of
    it is used."""
    known = directory.structures
    unknown = [a for a in activities if a.site_finess not in known]
    good = [a for a in activities if a.site_finess in known]
    in_scope = {a.rpps for a in good if a.site_finess in directory.members}
    for activity in unknown:
        if activity.rpps in in_scope or activity.legal_entity_finess in institution.legal_entities:
            reason = f"unknown FINESS: site {activity.site_finess} is not in the FINESS extract"
            directory.bad_lines.append(BadLine(file, activity.line, reason, rpps=activity.rpps))
            directory.uncertain.add(activity.rpps)
    for activity in good:
        if activity.rpps in in_scope:
            _gather(directory, activity)


def _gather(directory: Directory, activity: Activity) -> None:
    lines = directory.practitioners.setdefault(activity.rpps, PractitionerLines(activity.rpps))
    if not lines.last_name:
        lines.last_name, lines.first_name = activity.last_name, activity.first_name
    pair = (activity.savoir_faire_code, activity.savoir_faire)
    if pair[0] and pair not in lines.savoir_faire:
        lines.savoir_faire.append(pair)
    lines.sites.setdefault(activity.site_finess, activity.line)


# --- the registry as it stands ----------------------------------------------------


@dataclass(frozen=True)
class _Current:
    """A current or future affiliation, as the planner reads it."""

    id: int
    rpps: str
    finess: str
    start_date: datetime.date
    end_date: datetime.date | None
    label: str


@dataclass
class _Registry:
    establishments: dict[str, Establishment]
    specialties: dict[str, Specialty]
    by_specialty: dict[tuple[int, int], int]  # (establishment, specialty) -> lowest department id
    by_name: dict[tuple[int, str], int]  # (establishment, name key) -> department id
    practitioners: dict[str, tuple[int, str, str]]  # rpps -> (id, first name, last name)
    practitioner_specialties: dict[int, set[int]]
    affiliations: list[_Current]  # ending today or later, or open

    @classmethod
    def load(cls, today: datetime.date) -> "_Registry":
        by_specialty: dict[tuple[int, int], int] = {}
        by_name: dict[tuple[int, str], int] = {}
        for pk, est, specialty, name in Department.objects.order_by("pk").values_list(
            "pk", "establishment_id", "specialty_id", "name"
        ):
            if specialty is not None:
                by_specialty.setdefault((est, specialty), pk)
            by_name.setdefault((est, _key(name)), pk)
        owned = defaultdict(set)
        for practitioner, specialty in Practitioner.specialties.through.objects.values_list(
            "practitioner_id", "specialty_id"
        ):
            owned[practitioner].add(specialty)
        return cls(
            establishments={e.finess: e for e in Establishment.objects.all()},
            specialties={s.code: s for s in Specialty.objects.all()},
            by_specialty=by_specialty,
            by_name=by_name,
            practitioners={
                rpps: (pk, first, last)
                for pk, rpps, first, last in Practitioner.objects.values_list(
                    "pk", "rpps", "first_name", "last_name"
                )
            },
            practitioner_specialties=owned,
            affiliations=_current_affiliations(today),
        )


def _current_affiliations(today: datetime.date) -> list[_Current]:
    rows = (
        Affiliation.objects.exclude(end_date__lt=today)
        .order_by("pk")
        .values_list(
            "pk",
            "practitioner__rpps",
            "practitioner__last_name",
            "practitioner__first_name",
            "department__name",
            "department__establishment__finess",
            "department__establishment__name",
            "start_date",
            "end_date",
        )
    )
    return [
        _Current(
            id=pk,
            rpps=rpps,
            finess=finess,
            start_date=start,
            end_date=end,
            label=f"{rpps} {last} {first} → {department} — {establishment}",
        )
        for pk, rpps, last, first, department, finess, establishment, start, end in rows
    ]


def _key(text: str) -> str:
    """Text as compared: the directories write names in capitals, without accents."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'"))
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(plain.casefold().split())


def _same(old: str, new: str) -> bool:
    return _key(old) == _key(new)


# --- steps ------------------------------------------------------------------------


class Skipped(Exception):
    """A step that depends on one that did not happen."""


@dataclass
class _Context:
    """Ids of what earlier steps of this run created."""

    today: datetime.date
    created: dict[tuple, int] = field(default_factory=dict)

    def id(self, ref: "int | tuple") -> int:
        if isinstance(ref, int):
            return ref
        if ref not in self.created:
            raise Skipped(f"skipped: {ref[0]} {ref[1]} was not created")
        return self.created[ref]


@dataclass
class Step:
    kind: str  # what the summary counts: "establishment added", ...
    text: str  # the diff line

    def apply(self, context: _Context) -> None:
        raise NotImplementedError

    def __str__(self) -> str:
        return self.text


@dataclass
class AddEstablishment(Step):
    structure: Structure | None = None
    is_member: bool = False

    def apply(self, context: _Context) -> None:
        s = self.structure
        establishment = Establishment.objects.create(
            finess=s.finess,
            name=s.name,
            address=s.address,
            postal_code=s.postal_code,
            city=s.city,
            phone=_phone(s.phone),
        )
        if self.is_member:
            Membership.objects.create(establishment=establishment, starts_on=context.today)
        context.created[("establishment", s.finess)] = establishment.pk


@dataclass
class JoinInstitution(Step):
    """An establishment of the institution's that the registry holds as
    external: a membership period from the import's date."""

    pk: int = 0
    changes: dict = field(default_factory=dict)  # field -> (old, new), written with it

    def apply(self, context: _Context) -> None:
        establishment = Establishment.objects.select_for_update().get(pk=self.pk)
        if self.changes:
            for name, (_old, new) in self.changes.items():
                setattr(establishment, name, new)
            establishment.save(update_fields=list(self.changes))
        if not establishment.memberships.current_or_future(context.today).exists():
            Membership.objects.create(establishment=establishment, starts_on=context.today)


@dataclass
class ChangeRow(Step):
    """Write the changed fields of one row, and only those."""

    model: type | None = None
    pk: int = 0
    changes: dict = field(default_factory=dict)  # field -> (old, new)

    def apply(self, context: _Context) -> None:
        row = self.model.objects.get(pk=self.pk)
        for name, (_old, new) in self.changes.items():
            setattr(row, name, new)
        row.save(update_fields=list(self.changes))


@dataclass
class AddDepartment(Step):
    establishment: "int | tuple" = 0
    name: str = ""
    specialty_id: int = 0
    ref: tuple = ()

    def apply(self, context: _Context) -> None:
        department = Department.objects.create(
            establishment_id=context.id(self.establishment),
            name=self.name,
            specialty_id=self.specialty_id,
        )
        context.created[self.ref] = department.pk


@dataclass
class AddPractitioner(Step):
    rpps: str = ""
    first_name: str = ""
    last_name: str = ""
    specialty_ids: list[int] = field(default_factory=list)

    def apply(self, context: _Context) -> None:
        practitioner = Practitioner.objects.create(
            rpps=self.rpps, first_name=self.first_name, last_name=self.last_name
        )
        practitioner.specialties.add(*self.specialty_ids)
        context.created[("practitioner", self.rpps)] = practitioner.pk


@dataclass
class AddSpecialties(Step):
    practitioner_id: int = 0
    specialty_ids: list[int] = field(default_factory=list)

    def apply(self, context: _Context) -> None:
        Practitioner.objects.get(pk=self.practitioner_id).specialties.add(*self.specialty_ids)


@dataclass
class AddAffiliation(Step):
    practitioner: "int | tuple" = 0
    department: "int | tuple" = 0

    def apply(self, context: _Context) -> None:
        Affiliation.objects.create(
            practitioner_id=context.id(self.practitioner),
            department_id=context.id(self.department),
            start_date=context.today,
        )


@dataclass
class EndAffiliation(Step):
    pk: int = 0

    def ended(self, today: datetime.date) -> Affiliation:
        affiliation = Affiliation.objects.get(pk=self.pk)
        affiliation.end_date = today
        return affiliation

    def objections(self, today: datetime.date) -> list[str]:
        """What the registry's guards say against it (the dry run asks them too)."""
        return guards.objections(
            guards.Change.AFFILIATION_CHANGES, self.ended(today), deleting=False
        )

    def apply(self, context: _Context) -> None:
        affiliation = Affiliation.objects.select_for_update().get(pk=self.pk)
        if affiliation.end_date is not None and affiliation.end_date <= context.today:
            return  # ended meanwhile
        affiliation.end_date = context.today
        affiliation.clean()  # the guards: upcoming bookings that depend on it
        affiliation.save(update_fields=["end_date"])
        check_rules_now()


def _phone(raw: str) -> str:
    try:
        return normalise_phone(raw) if raw else ""
    except ValidationError:
        return ""


# --- planning ---------------------------------------------------------------------


@dataclass
class Plan:
    steps: list[Step]
    bad_lines: list[BadLine]
    notes: list[str]
    counts: Counter
    endings_considered: int  # current affiliations an ending could concern

    @property
    def endings(self) -> list[Step]:
        return [step for step in self.steps if isinstance(step, EndAffiliation)]

    def endings_limit(self) -> int:
        return max(ENDINGS_FLOOR, math.ceil(ENDINGS_SHARE * self.endings_considered))


def plan_import(directory: Directory, *, today: datetime.date) -> Plan:
    """Compare the directory with the registry: the changes, nothing written."""
    return _Planner(directory, _Registry.load(today), today).plan()


class _Planner:
    def __init__(self, directory: Directory, registry: _Registry, today: datetime.date):
        self.directory, self.registry, self.today = directory, registry, today
        self.notes: list[str] = list(directory.notes)
        self.departments: dict[tuple, AddDepartment] = {}

    def plan(self) -> Plan:
        steps = self._establishments()
        practitioners, affiliations, pairs = self._practitioners()
        endings, considered = self._endings(pairs)
        return Plan(
            steps=[*steps, *self.departments.values(), *practitioners, *affiliations, *endings],
            bad_lines=self.directory.bad_lines,
            notes=self.notes,
            counts=self.directory.counts,
            endings_considered=considered,
        )

    # establishments

    def _establishments(self) -> list[Step]:
        d = self.directory
        referenced = {finess for p in d.practitioners.values() for finess in p.sites}
        steps: list[Step] = []
        for finess in sorted(d.members | referenced):
            step = self._establishment(d.structures[finess], finess in d.members)
            if step is not None:
                steps.append(step)
        for finess, establishment in sorted(self.registry.establishments.items()):
            if establishment.is_member and finess not in d.members:
                self.notes.append(
                    f"establishment {finess} {establishment.name} is a member in the registry but "
                    "not the institution's in the FINESS extract: left as it is, review it"
                )
        return steps

    def _establishment(self, s: Structure, member: bool) -> Step | None:
        existing = self.registry.establishments.get(s.finess)
        if existing is None:
            where = f"{s.address} {s.postal_code} {s.city}".strip()
            role = "member" if member else "external"
            return AddEstablishment(
                "establishment added",
                f"+ establishment {s.finess} {s.name}, {where} ({role}; {s.category})",
                structure=s,
                is_member=member,
            )
        changes = {
            name: (getattr(existing, name), new)
            for name, new in (
                ("name", s.name),
                ("address", s.address),
                ("postal_code", s.postal_code),
                ("city", s.city),
            )
            if new and not _same(getattr(existing, name), new)
        }
        if member and not existing.memberships.current_or_future(self.today).exists():
            joined = {"member from": ("", self.today.isoformat())}
            return JoinInstitution(
                "establishment changed",
                f"~ establishment {s.finess}: {_changes({**changes, **joined})}",
                pk=existing.pk,
                changes=changes,
            )
        if not changes:
            return None
        return ChangeRow(
            "establishment changed",
            f"~ establishment {s.finess}: {_changes(changes)}",
            model=Establishment,
            pk=existing.pk,
            changes=changes,
        )

    # practitioners and their affiliations

    def _practitioners(self) -> tuple[list[Step], list[Step], set[tuple[str, str]]]:
        people: list[Step] = []
        affiliations: list[Step] = []
        pairs: set[tuple[str, str]] = set()
        present = {(a.rpps, a.finess) for a in self.registry.affiliations}
        unknown: Counter = Counter()
        for rpps in sorted(self.directory.practitioners):
            lines = self.directory.practitioners[rpps]
            specialties = self._specialties(lines, unknown)
            person, ref = self._practitioner(lines, specialties)
            people.extend(person)
            for finess in lines.sites:
                pairs.add((rpps, finess))
                if (rpps, finess) not in present:
                    affiliations.extend(self._affiliation(lines, ref, finess, specialties))
        for (code, label), count in sorted(unknown.items()):
            self.notes.append(
                f"savoir-faire {code} '{label}' ({count} practitioner(s)): no specialty of the "
                "platform's list; not recorded"
            )
        return people, affiliations, pairs

    def _specialties(self, lines: PractitionerLines, unknown: Counter) -> list[Specialty]:
        found: list[Specialty] = []
        for code, label in lines.savoir_faire:
            specialty = self.registry.specialties.get(SAVOIR_FAIRE_TO_SPECIALTY.get(code, ""))
            if specialty is None:
                unknown[(code, label)] += 1
            elif specialty not in found:
                found.append(specialty)
        return found

    def _practitioner(
        self, lines: PractitionerLines, specialties: list[Specialty]
    ) -> tuple[list[Step], "int | tuple"]:
        label = f"{lines.rpps} {lines.last_name} {lines.first_name}"
        existing = self.registry.practitioners.get(lines.rpps)
        if existing is None:
            named = ", ".join(s.name for s in specialties) or "no specialty"
            step = AddPractitioner(
                "practitioner added",
                f"+ practitioner {label} ({named})",
                rpps=lines.rpps,
                first_name=lines.first_name,
                last_name=lines.last_name,
                specialty_ids=[s.pk for s in specialties],
            )
            return [step], ("practitioner", lines.rpps)
        pk, first_name, last_name = existing
        steps: list[Step] = []
        changes = {
            name: (old, new)
            for name, old, new in (
                ("last_name", last_name, lines.last_name),
                ("first_name", first_name, lines.first_name),
            )
            if new and not _same(old, new)
        }
        if changes:
            steps.append(
                ChangeRow(
                    "practitioner changed",
                    f"~ practitioner {lines.rpps}: {_changes(changes)}",
                    model=Practitioner,
                    pk=pk,
                    changes=changes,
                )
            )
        owned = self.registry.practitioner_specialties.get(pk, set())
        added = [s for s in specialties if s.pk not in owned]
        if added:
            steps.append(
                AddSpecialties(
                    "specialty added",
                    f"+ specialty {', '.join(s.name for s in added)} for practitioner {label}",
                    practitioner_id=pk,
                    specialty_ids=[s.pk for s in added],
                )
            )
        return steps, pk

    def _affiliation(
        self, lines: PractitionerLines, practitioner, finess: str, specialties: list[Specialty]
    ) -> list[Step]:
        structure = self.directory.structures[finess]
        label = f"{lines.rpps} {lines.last_name} {lines.first_name}"
        if not specialties:
            self.notes.append(
                f"practitioner {label} at {finess} {structure.name} (line {lines.sites[finess]}): "
                "no specialty the platform knows, so no department to affiliate them to"
            )
            return []
        department, name = self._department(structure, specialties)
        return [
            AddAffiliation(
                "affiliation added",
                f"+ affiliation {label} → {name} — {structure.name} from {self.today.isoformat()}",
                practitioner=practitioner,
                department=department,
            )
        ]

    def _department(
        self, structure: Structure, specialties: list[Specialty]
    ) -> tuple["int | tuple", str]:
        """The department of that establishment for the practitioner's specialty:
        one with the specialty, else one named after it, else a new one."""
        establishment = self.registry.establishments.get(structure.finess)
        first = specialties[0]
        if establishment is not None:
            for specialty in specialties:
                found = self.registry.by_specialty.get((establishment.pk, specialty.pk))
                if found is not None:
                    return found, specialty.name
            found = self.registry.by_name.get((establishment.pk, _key(first.name)))
            if found is not None:
                return found, first.name
        for specialty in specialties:  # one this run creates
            ref = ("department", f"{specialty.name} at {structure.finess}")
            if ref in self.departments:
                return ref, specialty.name
        ref = ("department", f"{first.name} at {structure.finess}")
        if ref not in self.departments:
            self.departments[ref] = AddDepartment(
                "department added",
                f"+ department {first.name} at {structure.finess} {structure.name} "
                f"(no department of this specialty there)",
                establishment=establishment.pk
                if establishment
                else ("establishment", structure.finess),
                name=first.name,
                specialty_id=first.pk,
                ref=ref,
            )
        return ref, first.name

    # endings

    def _endings(self, pairs: set[tuple[str, str]]) -> tuple[list[Step], int]:
        d = self.directory
        steps: list[Step] = []
        considered = 0
        spared: set[str] = set()
        for current in self.registry.affiliations:
            if current.finess not in d.members and current.rpps not in d.practitioners:
                continue  # neither the institution's establishment nor its practitioner
            if current.start_date > self.today or (
                current.end_date is not None and current.end_date <= self.today
            ):
                continue  # not begun yet, or ending anyway
            considered += 1
            if (current.rpps, current.finess) in pairs:
                continue
            if current.rpps in d.uncertain:
                spared.add(current.rpps)
                continue
            if current.rpps in d.other_professions:
                continue
            steps.append(
                EndAffiliation(
                    "affiliation ended",
                    f"- affiliation {current.label} ends {self.today.isoformat()}",
                    pk=current.id,
                )
            )
        for rpps in sorted(spared):
            self.notes.append(
                f"practitioner {rpps}: some of their lines could not be read, so none of "
                "their affiliations was ended"
            )
        return steps, considered


def _changes(changes: dict) -> str:
    return ", ".join(f"{name} {old!r} → {new!r}" for name, (old, new) in changes.items())


# --- applying ---------------------------------------------------------------------


@dataclass
class Outcome:
    applied: list[Step] = field(default_factory=list)
    refused: list[tuple[Step, str]] = field(default_factory=list)


def apply_plan(
    plan: Plan,
    *,
    today: datetime.date,
    batch_size: int = DEFAULT_BATCH_SIZE,
    max_endings: int | None = None,
    on_step: Callable[[Step], None] | None = None,
) -> Outcome:
    """Write the plan: a transaction per batch of steps, each step whole or not at
    all. A step the registry refuses is reported and the import goes on."""
    limit = plan.endings_limit() if max_endings is None else max_endings
    if len(plan.endings) > limit:
        raise ImportRefused(
            f"{len(plan.endings)} affiliations would end, more than {limit} "
            f"(of {plan.endings_considered} current): is the file complete? Nothing was "
            "written; check it with --dry-run, and pass --max-endings to go on"
        )
    context, outcome = _Context(today), Outcome()
    with acting(actor=ACTOR, channel=AuditChannel.COMMAND):
        for batch in _batches(plan.steps, batch_size):
            with transaction.atomic(durable=True):
                for step in batch:
                    _apply(step, context, outcome)
                    if on_step is not None:
                        on_step(step)
    return outcome


def _apply(step: Step, context: _Context, outcome: Outcome) -> None:
    try:
        with transaction.atomic():
            step.apply(context)
    except Skipped as skipped:
        outcome.refused.append((step, str(skipped)))
    except ValidationError as refusal:
        outcome.refused.append((step, " ".join(refusal.messages)))
    except DatabaseError as error:
        outcome.refused.append((step, refusal_message(error)))
    else:
        outcome.applied.append(step)


def _batches(steps: list[Step], size: int) -> Iterable[list[Step]]:
    for start in range(0, len(steps), max(1, size)):
        yield steps[start : start + size]
