"""A believable demo institution, built deterministically and idempotently.

`seed_demo` (small) gives a newcomer something to click through; the larger
sizes feed the benchmarks. Natural keys (FINESS, RPPS, usernames, labels)
make a second run create nothing.
"""

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from hospital.models import Affiliation, Department, Establishment, Practitioner, Specialty
from hospital.validators import finess_digits, luhn_check_digit
from scheduling.models import Agenda, OpeningRule, VisitReason

DEMO_PASSWORD = "demo-hopital-2026"
SINCE = datetime.date(2020, 1, 1)


@dataclass(frozen=True)
class Size:
    establishments: int
    practitioners: int


SIZES = {
    "small": Size(establishments=5, practitioners=30),
    "medium": Size(establishments=40, practitioners=200),
    "large": Size(establishments=40, practitioners=2000),
}

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
]
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
CLINIC = ("Clinique privée du Parc", "12 avenue du Parc", "92200", "Neuilly-sur-Seine", "92")


def _finess(departement: str, number: int) -> str:
    body = f"{departement}{number:06d}"
    return body + luhn_check_digit(finess_digits(body))


def _rpps(number: int) -> str:
    body = f"10{number:08d}"
    return body + luhn_check_digit(body)


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
                "finess": _finess(dep, 100 + n),
                "is_member": True,
                "phone": f"+331{40000000 + (n % 900) * 10000:08d}",
                "practical_info": "Accueil principal, hall A. Parking visiteurs payant.",
            }
        )
    return rows


class DemoBuilder:
    def __init__(self, size: Size, progress: Callable[[str], None]):
        self.size = size
        self.progress = progress
        self.random = random.Random(2026)

    def build(self) -> None:
        with transaction.atomic():
            departments = self._departments(self._establishments())
            practitioners = self._practitioners(departments)
            agendas = self._agendas(practitioners)
            self._reasons_and_rules(agendas)
            self._external_clinic(practitioners)
            self._users(practitioners)

    def _establishments(self) -> list[Establishment]:
        rows = _hospital_rows(self.size.establishments)
        existing = set(Establishment.objects.values_list("finess", flat=True))
        Establishment.objects.bulk_create(
            [Establishment(**r) for r in rows if r["finess"] not in existing]
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
                    practical_info="Apportez votre carte Vitale et vos derniers examens.",
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

    def _practitioners(self, departments) -> list[tuple[Practitioner, Department]]:
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
        existing = set(Practitioner.objects.values_list("rpps", flat=True))
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
        have = set(through.objects.values_list("practitioner_id", "specialty_id"))
        through.objects.bulk_create(
            [
                through(practitioner_id=p.pk, specialty_id=d.specialty_id)
                for p, d in pairs
                if (p.pk, d.specialty_id) not in have
            ],
            batch_size=1000,
        )
        affiliated = set(Affiliation.objects.values_list("practitioner_id", "department_id"))
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
        existing = set(Agenda.objects.values_list("practitioner_id", "department_id"))
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
                    duration_minutes=30,
                    for_returning_patients=False,
                    instructions="Apportez vos derniers examens et votre carte Vitale.",
                ),
                VisitReason(
                    agenda=agenda,
                    label="Consultation de suivi",
                    duration_minutes=20,
                    for_new_patients=False,
                ),
                VisitReason(
                    agenda=agenda,
                    label="Avis pré-opératoire",
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

    def _external_clinic(self, pairs) -> None:
        name, address, postal, city, dep = CLINIC
        clinic, _ = Establishment.objects.get_or_create(
            finess=_finess(dep, 900),
            defaults={
                "name": name,
                "address": address,
                "postal_code": postal,
                "city": city,
                "is_member": False,
            },
        )
        specialty = Specialty.objects.get(code="neurochirurgie")
        department, _ = Department.objects.get_or_create(
            establishment=clinic, name="Neurochirurgie", defaults={"specialty": specialty}
        )
        neurosurgeon = next(p for p, d in pairs if d.specialty_id == specialty.pk)
        Affiliation.objects.get_or_create(
            practitioner=neurosurgeon, department=department, defaults={"start_date": SINCE}
        )
        self.progress(f"external clinic {clinic.name}, where {neurosurgeon} also consults")

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
