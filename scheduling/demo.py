"""A believable demo institution, built deterministically and idempotently.

`seed_demo` (small) gives a newcomer something to click through; the larger
sizes feed the benchmarks. Natural keys (FINESS, RPPS, usernames, labels)
make a second run create nothing.
"""

import datetime
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import Exists, OuterRef

from hospital.models import (
    Affiliation,
    Department,
    Establishment,
    Membership,
    Practitioner,
    Specialty,
)
from hospital.phones import normalise_phone
from hospital.validators import finess_digits, luhn_check_digit
from scheduling.models import Absence, Agenda, OpeningRule, Slot, VisitReason
from scheduling.services.slots import desired_slots, generate_slots, horizon

DEMO_PASSWORD = "demo-hopital-2026"
SINCE = datetime.date(2020, 1, 1)


@dataclass(frozen=True)
class Size:
    establishments: int
    practitioners: int
    clinics: int = 1
    # Practitioners the first department (the demo secretary's and the demo
    # practitioner's) is brought up to, beyond `practitioners`: the board and
    # the portal week are measured on a department of that size (issue 23).
    big_department: int = 0


SIZES = {
    "small": Size(establishments=5, practitioners=30),
    "medium": Size(establishments=40, practitioners=200, big_department=60),
    "large": Size(establishments=40, practitioners=2000, big_department=60),
    # The size of AP-HP: 39 hospitals, about 12,400 doctors.
    "aphp": Size(establishments=39, practitioners=12_400, clinics=4, big_department=60),
}

# (name, address, postal code, city, département). The first five make the
# small demo (Corsica included, for its 2A FINESS numbers).
HOSPITALS = [
    ("Hôpital de la Pitié-Salpêtrière", "47-83 boulevard de l'Hôpital", "75013", "Paris", "75"),
    ("Hôpital Henri-Mondor", "1 rue Gustave Eiffel", "94000", "Créteil", "94"),
    ("Hôpital Avicenne", "125 rue de Stalingrad", "93000", "Bobigny", "93"),
    ("Hôpital Necker-Enfants malades", "149 rue de Sèvres", "75015", "Paris", "75"),
    (
        "Centre hospitalier d'Ajaccio",
        "27 avenue de l'Impératrice Eugénie",
        "20000",
        "Ajaccio",
        "2A",
    ),
    ("Hôpital Bichat-Claude-Bernard", "46 rue Henri Huchard", "75018", "Paris", "75"),
    ("Hôpital Beaujon", "100 boulevard du Général Leclerc", "92110", "Clichy", "92"),
    ("Hôpital Ambroise-Paré", "9 avenue Charles de Gaulle", "92100", "Boulogne-Billancourt", "92"),
    ("Hôpital Cochin", "27 rue du Faubourg Saint-Jacques", "75014", "Paris", "75"),
    ("Hôpital européen Georges-Pompidou", "20 rue Leblanc", "75015", "Paris", "75"),
    ("Hôpital Saint-Louis", "1 avenue Claude Vellefaux", "75010", "Paris", "75"),
    ("Hôpital Lariboisière", "2 rue Ambroise Paré", "75010", "Paris", "75"),
    ("Hôpital Saint-Antoine", "184 rue du Faubourg Saint-Antoine", "75012", "Paris", "75"),
    ("Hôpital Tenon", "4 rue de la Chine", "75020", "Paris", "75"),
    ("Hôpital Armand-Trousseau", "26 avenue du Docteur Arnold Netter", "75012", "Paris", "75"),
    ("Hôpital Robert-Debré", "48 boulevard Sérurier", "75019", "Paris", "75"),
    ("Hôtel-Dieu", "1 parvis Notre-Dame", "75004", "Paris", "75"),
    ("Hôpital Bicêtre", "78 rue du Général Leclerc", "94270", "Le Kremlin-Bicêtre", "94"),
    ("Hôpital Paul-Brousse", "12 avenue Paul Vaillant Couturier", "94800", "Villejuif", "94"),
    ("Hôpital Antoine-Béclère", "157 rue de la Porte de Trivaux", "92140", "Clamart", "92"),
    ("Hôpital Louis-Mourier", "178 rue des Renouillers", "92700", "Colombes", "92"),
    ("Hôpital Raymond-Poincaré", "104 boulevard Raymond Poincaré", "92380", "Garches", "92"),
    ("Hôpital Jean-Verdier", "avenue du 14 Juillet", "93140", "Bondy", "93"),
    ("Hôpital René-Muret", "avenue du Docteur Schaeffner", "93270", "Sevran", "93"),
    ("Hôpital Charles-Foix", "7 avenue de la République", "94200", "Ivry-sur-Seine", "94"),
    ("Hôpital Albert-Chenevier", "40 rue de Mesly", "94000", "Créteil", "94"),
    ("Hôpital Émile-Roux", "1 avenue de Verdun", "94450", "Limeil-Brévannes", "94"),
    ("Hôpital Corentin-Celton", "4 parvis Corentin Celton", "92130", "Issy-les-Moulineaux", "92"),
    ("Hôpital Fernand-Widal", "200 rue du Faubourg Saint-Denis", "75010", "Paris", "75"),
    ("Hôpital Bretonneau", "23 rue Joseph de Maistre", "75018", "Paris", "75"),
    ("Hôpital Vaugirard-Gabriel-Pallez", "10 rue Vaugelas", "75015", "Paris", "75"),
    ("Hôpital Broca", "54 rue Pascal", "75013", "Paris", "75"),
    ("Hôpital Sainte-Périne", "11 rue Chardon Lagache", "75016", "Paris", "75"),
    ("Hôpital Rothschild", "5 rue Santerre", "75012", "Paris", "75"),
    ("Hôpital Joffre-Dupuytren", "1 rue Eugène Delacroix", "91210", "Draveil", "91"),
    ("Hôpital Georges-Clemenceau", "1 rue Georges Clemenceau", "91750", "Champcueil", "91"),
    ("Hôpital Adélaïde-Hautval", "1 rue Charles Richet", "95400", "Villiers-le-Bel", "95"),
    ("Hôpital San Salvadour", "route de l'Almanarre", "83400", "Hyères", "83"),
    ("Hôpital maritime de Berck", "rue du Docteur Calot", "62600", "Berck", "62"),
]
# How to get there, where we know it; others get a generic line.
ACCESS = {
    "Hôpital de la Pitié-Salpêtrière": "Métro 5 Saint-Marcel, RER C Gare d'Austerlitz. Entrée principale boulevard de l'Hôpital.",
    "Hôpital Henri-Mondor": "Métro 8 Créteil-L'Échat. Parking visiteurs payant.",
    "Hôpital Avicenne": "Tramway T1 Hôpital Avicenne. Entrée rue de Stalingrad.",
    "Hôpital Necker-Enfants malades": "Métro 6, 10 et 13 Duroc ou Sèvres-Lecourbe.",
    "Hôpital Cochin": "RER B Port-Royal, métro 6 Saint-Jacques.",
    "Hôpital européen Georges-Pompidou": "Métro 8 Balard, tramway T3a Pont du Garigliano.",
}
ACCESS_EN = {
    "Hôpital de la Pitié-Salpêtrière": "Metro 5 Saint-Marcel, RER C Gare d'Austerlitz. Main entrance on boulevard de l'Hôpital.",
    "Hôpital Henri-Mondor": "Metro 8 Créteil-L'Échat. Paid visitors' car park.",
    "Hôpital Avicenne": "Tram T1 Hôpital Avicenne. Entrance on rue de Stalingrad.",
    "Hôpital Necker-Enfants malades": "Metro 6, 10 and 13 Duroc or Sèvres-Lecourbe.",
    "Hôpital Cochin": "RER B Port-Royal, metro 6 Saint-Jacques.",
    "Hôpital européen Georges-Pompidou": "Metro 8 Balard, tram T3a Pont du Garigliano.",
}
BRING = "Apportez votre carte Vitale et vos derniers examens."
BRING_EN = "Bring your Carte Vitale (health insurance card) and your latest test results."
_PHONE_PREFIX = {"2A": "04", "83": "04", "62": "03"}
CITIES = [
    ("Paris", "75"),
    ("Créteil", "94"),
    ("Bobigny", "93"),
    ("Clichy", "92"),
    ("Colombes", "92"),
    ("Kremlin-Bicêtre", "94"),
    ("Garches", "92"),
    ("Bondy", "93"),
    ("Ivry-sur-Seine", "94"),
]
SPECIALTIES = [
    "neurochirurgie",
    "cardiologie",
    "pediatrie",
    "ophtalmologie",
    "dermatologie",
    "rhumatologie",
    "gastro-enterologie",
    "orl",
    "pneumologie",
    "endocrinologie",
    "neurologie",
    "urologie",
]
FIRST_NAMES = [
    "Camille",
    "Nadia",
    "Thomas",
    "Julie",
    "Karim",
    "Sophie",
    "Lucas",
    "Amina",
    "Hugo",
    "Claire",
    "Mehdi",
    "Léa",
    "Antoine",
    "Inès",
    "Paul",
    "Chloé",
    "Yanis",
    "Manon",
]
LAST_NAMES = [
    "Martin",
    "Bernard",
    "Dubois",
    "Moreau",
    "Laurent",
    "Garnier",
    "Benali",
    "Rousseau",
    "Lefèvre",
    "Mercier",
    "Nguyen",
    "Diallo",
    "Fontaine",
    "Chevalier",
    "Roux",
    "Haddad",
    "Girard",
    "Perrin",
    "Morel",
    "Lambert",
]
# External establishments, never bookable: (name, address, postal code, city,
# département, the specialty one of our practitioners also practises there).
CLINICS = [
    (
        "Clinique privée du Parc",
        "12 avenue du Parc",
        "92200",
        "Neuilly-sur-Seine",
        "92",
        "neurochirurgie",
    ),
    ("Clinique du Val de Bièvre", "3 rue de la Bièvre", "94250", "Gentilly", "94", "cardiologie"),
    ("Clinique Saint-Roch", "18 rue Saint-Roch", "75001", "Paris", "75", "ophtalmologie"),
    ("Centre médical des Lilas", "41 rue de Paris", "93260", "Les Lilas", "93", "pediatrie"),
]


def _finess(departement: str, number: int) -> str:
    body = f"{departement}{number:06d}"
    return body + luhn_check_digit(finess_digits(body))


def _rpps(number: int) -> str:
    body = f"10{number:08d}"
    return body + luhn_check_digit(body)


def _phone(departement: str, n: int) -> str:
    prefix = _PHONE_PREFIX.get(departement, "01")
    return f"{prefix} {40 + n % 50:02d} {(n * 37) % 100:02d} {(n * 13) % 100:02d} 00"


def _hospital_rows(count: int) -> list[dict]:
    rows = []
    for n in range(count):
        if n < len(HOSPITALS):
            name, address, postal, city, dep = HOSPITALS[n]
        else:
            city, dep = CITIES[n % len(CITIES)]
            name, address, postal = (
                f"Hôpital {city} {n + 1}",
                f"{n + 1} rue de l'Hôpital",
                f"{dep}000"[:5],
            )
        rows.append(
            {
                "name": name,
                "address": address,
                "postal_code": postal,
                "city": city,
                "phone": normalise_phone(_phone(dep, n)),
                "practical_info": ACCESS.get(
                    name, "Entrée principale ; parking visiteurs à proximité."
                ),
                "practical_info_en": ACCESS_EN.get(
                    name, "Main entrance; visitors' car park nearby."
                ),
                "finess": _finess(dep, 100 + n),
            }
        )
    return rows


class DemoBuilder:
    def __init__(self, size: Size, progress: Callable[[str], None]):
        self.size = size
        self.progress = progress
        self.random = random.Random(2026)

    def build(self, *, batch: int = 1000) -> None:
        """In short transactions: the registry's skeleton, then `batch`
        practitioners at a time with their agendas and rules, then the
        clinics and users. Each commit seals its own events; one transaction
        for the AP-HP size wrote some 200,000 events in one commit."""
        with transaction.atomic():
            departments = self._departments(self._establishments())
        rows = self._practitioner_rows(departments)
        practitioners = []
        for done in range(0, len(rows), batch):
            with transaction.atomic():
                pairs = self._practitioners(rows[done : done + batch])
                agendas = self._agendas(pairs)
                self._reasons_and_rules(agendas)
            practitioners += pairs
        with transaction.atomic():
            self._external_clinics(practitioners)
            self._users(practitioners)

    def _establishments(self) -> list[Establishment]:
        rows = _hospital_rows(self.size.establishments)
        existing = set(Establishment.objects.values_list("finess", flat=True))
        Establishment.objects.bulk_create(
            [Establishment(**r) for r in rows if r["finess"] not in existing]
        )
        found = Establishment.objects.in_bulk([r["finess"] for r in rows], field_name="finess")
        # Members since SINCE: one open-ended period each (is_member follows).
        joined = set(Membership.objects.values_list("establishment_id", flat=True))
        Membership.objects.bulk_create(
            [
                Membership(establishment=e, starts_on=SINCE)
                for e in found.values()
                if e.pk not in joined
            ]
        )
        found = Establishment.objects.in_bulk([r["finess"] for r in rows], field_name="finess")
        self.progress(f"{len(rows)} member establishments")
        return [found[r["finess"]] for r in rows]

    def _departments(self, establishments) -> list[Department]:
        specialties = Specialty.objects.in_bulk(SPECIALTIES, field_name="code")
        wanted = []
        for n, establishment in enumerate(establishments):
            for code in SPECIALTIES[n % 3 :][:8]:
                wanted.append((establishment, specialties[code]))
        existing = set(Department.objects.values_list("establishment_id", "name"))
        Department.objects.bulk_create(
            [
                Department(
                    establishment=e,
                    name=s.name,
                    specialty=s,
                    phone=f"+331{40000000 + (e.pk % 900) * 10000 + n % 10000:08d}",
                    practical_info=BRING,
                    practical_info_en=BRING_EN,
                )
                for n, (e, s) in enumerate(wanted)
                if (e.pk, s.name) not in existing
            ]
        )
        departments = list(
            Department.objects.filter(establishment__in=establishments)
            .select_related("specialty")
            .order_by("establishment_id", "name")
        )
        self.progress(f"{len(departments)} departments")
        return departments

    def _practitioner_rows(self, departments) -> list[tuple[str, str, str, Department]]:
        rows = []
        for n in range(self.size.practitioners):
            department = departments[n % len(departments)]
            rows.append(
                (
                    _rpps(n + 1),
                    self.random.choice(FIRST_NAMES),
                    self.random.choice(LAST_NAMES),
                    department,
                )
            )
        first = departments[0]
        missing = self.size.big_department - sum(1 for *_, d in rows if d == first)
        for n in range(len(rows), len(rows) + max(0, missing)):
            first_name, last_name = self.random.choice(FIRST_NAMES), self.random.choice(LAST_NAMES)
            rows.append((_rpps(n + 1), first_name, last_name, first))
        return rows

    def _practitioners(self, rows) -> list[tuple[Practitioner, Department]]:
        rpps_wanted = [r[0] for r in rows]
        existing = set(
            Practitioner.objects.filter(rpps__in=rpps_wanted).values_list("rpps", flat=True)
        )
        Practitioner.objects.bulk_create(
            [
                Practitioner(rpps=rpps, first_name=first, last_name=last)
                for rpps, first, last, _ in rows
                if rpps not in existing
            ],
            batch_size=1000,
        )
        by_rpps = Practitioner.objects.in_bulk([r[0] for r in rows], field_name="rpps")
        pairs = [(by_rpps[rpps], department) for rpps, _, _, department in rows]
        through = Practitioner.specialties.through
        have = set(
            through.objects.filter(practitioner__in=[p for p, _ in pairs]).values_list(
                "practitioner_id", "specialty_id"
            )
        )
        through.objects.bulk_create(
            [
                through(practitioner_id=p.pk, specialty_id=d.specialty_id)
                for p, d in pairs
                if (p.pk, d.specialty_id) not in have
            ],
            batch_size=1000,
        )
        affiliated = set(
            Affiliation.objects.filter(practitioner__in=[p for p, _ in pairs]).values_list(
                "practitioner_id", "department_id"
            )
        )
        Affiliation.objects.bulk_create(
            [
                Affiliation(practitioner=p, department=d, start_date=SINCE)
                for p, d in pairs
                if (p.pk, d.pk) not in affiliated
            ],
            batch_size=1000,
        )
        self.progress(f"{len(pairs)} practitioners, each affiliated to a department")
        return pairs

    def _agendas(self, pairs) -> list[Agenda]:
        existing = set(
            Agenda.objects.filter(practitioner__in=[p for p, _ in pairs]).values_list(
                "practitioner_id", "department_id"
            )
        )
        Agenda.objects.bulk_create(
            [
                Agenda(practitioner=p, department=d)
                for p, d in pairs
                if (p.pk, d.pk) not in existing
            ],
            batch_size=1000,
        )
        agendas = list(Agenda.objects.filter(practitioner__in=[p for p, _ in pairs]).order_by("pk"))
        self.progress(f"{len(agendas)} agendas")
        return agendas

    def _reasons_and_rules(self, agendas) -> None:
        fresh = (
            [a for a in agendas if not a.reasons.exists()]
            if len(agendas) < 100
            else list(Agenda.objects.filter(pk__in=[a.pk for a in agendas], reasons__isnull=True))
        )
        reasons = []
        for agenda in fresh:
            reasons += [
                VisitReason(
                    agenda=agenda,
                    label="Première consultation",
                    label_en="First consultation",
                    duration_minutes=30,
                    for_returning_patients=False,
                    instructions="Apportez vos derniers examens et votre carte Vitale.",
                    instructions_en="Bring your latest test results and your Carte Vitale.",
                ),
                VisitReason(
                    agenda=agenda,
                    label="Consultation de suivi",
                    label_en="Follow-up consultation",
                    duration_minutes=20,
                    for_new_patients=False,
                ),
                VisitReason(
                    agenda=agenda,
                    label="Avis pré-opératoire",
                    label_en="Pre-operative assessment",
                    duration_minutes=30,
                    online_bookable=False,
                ),
            ]
        VisitReason.objects.bulk_create(reasons, batch_size=1000)
        rules = []
        for agenda in fresh:
            days = self.random.sample(range(5), 3)
            for weekday in days:
                morning = self.random.random() < 0.6
                rules.append(
                    OpeningRule(
                        agenda=agenda,
                        weekday=weekday,
                        valid_from=SINCE,
                        start_time=datetime.time(9 if morning else 14),
                        end_time=datetime.time(12 if morning else 17),
                    )
                )
        OpeningRule.objects.bulk_create(rules, batch_size=1000)
        online = {}
        for reason in VisitReason.objects.filter(agenda__in=fresh, online_bookable=True):
            online.setdefault(reason.agenda_id, []).append(reason.pk)
        through = OpeningRule.reasons.through
        through.objects.bulk_create(
            [
                through(openingrule_id=rule.pk, visitreason_id=reason_id)
                for rule in OpeningRule.objects.filter(agenda__in=fresh)
                for reason_id in online.get(rule.agenda_id, [])
            ],
            batch_size=2000,
        )
        self.progress(f"visit reasons and weekly opening rules for {len(fresh)} new agendas")

    def _external_clinics(self, pairs) -> None:
        for n, (name, address, postal, city, dep, code) in enumerate(CLINICS[: self.size.clinics]):
            clinic, _ = Establishment.objects.get_or_create(
                finess=_finess(dep, 900 + n),
                defaults={
                    "name": name,
                    "address": address,
                    "postal_code": postal,
                    "city": city,
                    "phone": _phone(dep, 900 + n),
                },
            )
            specialty = Specialty.objects.get(code=code)
            department, _ = Department.objects.get_or_create(
                establishment=clinic, name=specialty.name, defaults={"specialty": specialty}
            )
            colleague = next(p for p, d in pairs if d.specialty_id == specialty.pk)
            Affiliation.objects.get_or_create(
                practitioner=colleague, department=department, defaults={"start_date": SINCE}
            )
            self.progress(f"external clinic {clinic.name}, where {colleague} also consults")

    def _secretariat(self, secretary, pairs) -> None:
        """The demo secretary runs the departments of the first hospital."""
        from django.contrib.auth.models import Group
        from guardian.shortcuts import assign_perm

        from scheduling.roles import SECRETARIAT

        secretary.groups.add(Group.objects.get(name=SECRETARIAT))
        first_hospital = pairs[0][1].establishment_id
        for department in Department.objects.filter(establishment_id=first_hospital):
            if not secretary.has_perm("hospital.work_in_department", department):
                assign_perm("hospital.work_in_department", secretary, department)

    def _users(self, pairs) -> None:
        User = get_user_model()
        for username, flags in [
            ("admin", {"is_staff": True, "is_superuser": True}),
            ("secretaire", {"is_staff": True}),
            ("praticien", {}),
        ]:
            user, created = User.objects.get_or_create(username=username, defaults=flags)
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
        self._secretariat(User.objects.get(username="secretaire"), pairs)
        practitioner = pairs[0][0]
        if practitioner.user_id is None:
            practitioner.user = User.objects.get(username="praticien")
            practitioner.save(update_fields=["user"])


# --- slots, in bulk ----------------------------------------------------------------


def seed_slots(progress: Callable[[str], None], *, now=None, batch: int = 250) -> int:
    """Slots over the horizon for every active agenda; returns how many were made.

    Agendas without any slot yet are filled in bulk, `batch` agendas per
    transaction (COPY on PostgreSQL), from the same rules as generate_slots;
    every row still goes through the database's triggers (audit, rules,
    first availability). Agendas that have slots go through generate_slots."""
    agendas = Agenda.objects.filter(is_active=True).order_by("pk")
    has_slots = Exists(Slot.objects.filter(agenda=OuterRef("pk")))
    created = 0
    for agenda in agendas.filter(has_slots):
        created += generate_slots(agenda, now=now).created
    fresh = list(agendas.exclude(has_slots).values_list("pk", flat=True))
    started = time.monotonic()
    for done in range(0, len(fresh), batch):
        ids = fresh[done : done + batch]
        # Read everything first: the connection can run nothing else during a COPY.
        rows = list(_wanted_rows(ids, *horizon(now)))
        with transaction.atomic():
            created += _write_slots(rows)
        elapsed = time.monotonic() - started
        progress(
            f"slots: {done + len(ids)}/{len(fresh)} new agendas, {created:,} slots,"
            f" {elapsed:.0f} s ({created / max(elapsed, 0.001):,.0f}/s)"
        )
    return created


def _wanted_rows(agenda_ids: list[int], start, end) -> Iterator[tuple]:
    rules: dict[int, list[OpeningRule]] = {pk: [] for pk in agenda_ids}
    for rule in OpeningRule.objects.filter(agenda_id__in=agenda_ids).prefetch_related("reasons"):
        rules[rule.agenda_id].append(rule)
    absences: dict[int, list[Absence]] = {pk: [] for pk in agenda_ids}
    for absence in Absence.objects.filter(agenda_id__in=agenda_ids, start__lt=end, end__gt=start):
        absences[absence.agenda_id].append(absence)
    for pk in agenda_ids:
        wanted = desired_slots(Agenda(pk=pk), start, end, rules=rules[pk], absences=absences[pk])
        for (slot_start, slot_end), rule in wanted.items():
            yield pk, slot_start, slot_end, rule.pk


def _write_slots(rows: list[tuple]) -> int:
    count = 0
    if connection.vendor == "postgresql":
        copy_sql = 'COPY scheduling_slot (agenda_id, start, "end", status, rule_id) FROM STDIN'
        with connection.cursor() as cursor, cursor.cursor.copy(copy_sql) as copy:
            for agenda, start, end, rule in rows:
                copy.write_row((agenda, start, end, Slot.Status.OPEN, rule))
                count += 1
        return count
    slots = [Slot(agenda_id=a, start=s, end=e, rule_id=r) for a, s, e, r in rows]
    Slot.objects.bulk_create(slots, batch_size=1000)
    return len(slots)
