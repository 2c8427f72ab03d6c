"""Search finds what patients type, on PostgreSQL (unaccent, pg_trgm) and on
SQLite (the same words, scanned) alike; results name the hospital and its city."""

import datetime
import re
from dataclasses import dataclass

import pytest
from django.utils import timezone

from hospital.models import Department
from scheduling.models import Agenda
from scheduling.selectors.listing import PAGE_SIZE
from scheduling.selectors.patient_query import understand
from scheduling.services.listing_clock import refresh_clock
from tests import factories as f

pytestmark = pytest.mark.django_db


def _agenda(establishment, specialty, first, last, *, in_days: float):
    department, _ = Department.objects.get_or_create(
        establishment=establishment, name=specialty.name, defaults={"specialty": specialty}
    )
    agenda = f.agenda(f.practitioner(first_name=first, last_name=last), department)
    f.reason(agenda)
    start = timezone.now().replace(microsecond=0, second=0) + datetime.timedelta(days=in_days)
    f.slot(agenda, start=start)
    return agenda


@dataclass(frozen=True)
class Corpus:
    """What the searches find: one agenda (with a reason and a slot) of each
    practitioner, named by first name, at the hospitals of Paris (the Pitié,
    Necker), Créteil and Ajaccio; and a private clinic of Paris with a
    cardiology department, never found."""

    manon: Agenda  # Dr Manon Chevalier, cardiology at the Pitié, in 3 days
    paul: Agenda  # Dr Paul Chevalier, neurosurgery at Henri-Mondor, in 2 days
    lea: Agenda  # Dr Léa Chevallet, paediatrics at Necker, in 4 days
    nadia: Agenda  # Dr Nadia Parisot, cardiology at Henri-Mondor, in 1 day
    hugo: Agenda  # Dr Hugo Benali, cardiology at Necker, in 5 days
    ines: Agenda  # Dr Inès Lefèvre, paediatrics at Ajaccio, in 6 days


@pytest.fixture
def corpus() -> Corpus:
    refresh_clock()
    cardio, neuro, pedia = (f.specialty(c) for c in ("cardiologie", "neurochirurgie", "pediatrie"))
    pitie = f.establishment(
        name="Hôpital de la Pitié-Salpêtrière", city="Paris", postal_code="75013"
    )
    necker = f.establishment(name="Hôpital Necker", city="Paris", postal_code="75015")
    mondor = f.establishment(
        name="Hôpital Henri-Mondor", city="Créteil", postal_code="94000", finess=f.finess("94")
    )
    ajaccio = f.establishment(
        name="Centre hospitalier d'Ajaccio",
        city="Ajaccio",
        postal_code="20000",
        finess=f.finess("2A"),
    )
    clinic = f.establishment(name="Clinique du Parc", city="Paris", is_member=False)
    f.department(clinic, name="Cardiologie privée", specialty=cardio)
    return Corpus(
        manon=_agenda(pitie, cardio, "Manon", "Chevalier", in_days=3),
        paul=_agenda(mondor, neuro, "Paul", "Chevalier", in_days=2),
        lea=_agenda(necker, pedia, "Léa", "Chevallet", in_days=4),
        nadia=_agenda(mondor, cardio, "Nadia", "Parisot", in_days=1),
        hugo=_agenda(necker, cardio, "Hugo", "Benali", in_days=5),
        ines=_agenda(ajaccio, pedia, "Inès", "Lefèvre", in_days=6),
    )


def _names(client, query: str) -> list[str]:
    page = client.get("/", {"q": query}).content.decode()
    return re.findall(r"<h3><a href=\"/practitioners/\d+/\">Dr ([^<]+)</a></h3>", page)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("pitie", ["Manon Chevalier"]),
        ("PITIÉ salpetrière", ["Manon Chevalier"]),
        ("creteil", ["Nadia Parisot", "Paul Chevalier"]),
        ("Créteil", ["Nadia Parisot", "Paul Chevalier"]),
        ("Manon Chevalier", ["Manon Chevalier"]),
        ("chevalier manon", ["Manon Chevalier"]),
        ("Dr Chevalier", ["Paul Chevalier", "Manon Chevalier"]),
        ("Docteur Lefevre", ["Inès Lefèvre"]),
        ("neurochirurgien", ["Paul Chevalier"]),
        ("neurochirurgienne", ["Paul Chevalier"]),
        ("cardiologue", ["Nadia Parisot", "Manon Chevalier", "Hugo Benali"]),
        ("cardiologues", ["Nadia Parisot", "Manon Chevalier", "Hugo Benali"]),
        ("pédiatre", ["Léa Chevallet", "Inès Lefèvre"]),
        ("pediatrician", ["Léa Chevallet", "Inès Lefèvre"]),
        ("75013", ["Manon Chevalier"]),
        ("94", ["Nadia Parisot", "Paul Chevalier"]),
        ("2A", ["Inès Lefèvre"]),
        ("Paris 15e", ["Léa Chevallet", "Hugo Benali"]),
        ("cardiologue 94", ["Nadia Parisot"]),
        ("hôpital necker", ["Léa Chevallet", "Hugo Benali"]),
        ("Lyon", []),
        ("cardiologue Lyon", []),
    ],
)
def test_search_finds_what_patients_type(client, corpus, query, expected):
    assert _names(client, query) == expected


def test_several_words_each_narrow_the_search(client, corpus):
    # Soonest first among the cardiologists in Paris; Dr Parisot, in Créteil,
    # matches "paris" only as the start of her name: she comes after.
    assert _names(client, "cardiologue Paris") == [
        "Manon Chevalier",
        "Hugo Benali",
        "Nadia Parisot",
    ]


def test_whole_words_rank_before_beginnings_of_words(client, corpus):
    # Dr Parisot is free soonest, but "paris" is a whole word for the others.
    assert _names(client, "paris") == [
        "Manon Chevalier",
        "Léa Chevallet",
        "Hugo Benali",
        "Nadia Parisot",
    ]
    assert _names(client, "cheval") == ["Paul Chevalier", "Manon Chevalier", "Léa Chevallet"]


def test_external_clinics_are_never_found(client, corpus):
    for query in ["clinique", "parc", "cardiologue paris"]:
        assert "Clinique du Parc" not in client.get("/", {"q": query}).content.decode()


def test_result_cards_name_the_hospital_and_city_and_link_its_page(client, corpus):
    page = client.get("/", {"q": "Manon Chevalier"}).content.decode()
    pitie = corpus.manon.department.establishment
    assert f'href="/establishments/{pitie.finess}/"' in page
    assert "Hôpital de la Pitié-Salpêtrière</a>, Paris" in page
    assert "First availability" in page


def test_the_specialty_choice_and_the_words_combine(client, corpus):
    page = client.get("/", {"q": "paris", "specialty": "pediatrie"}).content.decode()
    assert "Léa Chevallet" in page and "Manon Chevalier" not in page


def test_results_come_a_page_at_a_time(client, corpus):
    cardio = f.specialty("cardiologie")
    necker = corpus.hugo.department.establishment
    for n in range(PAGE_SIZE + 2):
        _agenda(necker, cardio, "Camille", f"Martin{n}", in_days=7 + n)
    first = client.get("/", {"q": "cardiologue"}).content.decode()
    assert first.count('<li class="card">') == PAGE_SIZE and 'rel="next"' in first
    second = client.get("/", {"q": "cardiologue", "page": 2}).content.decode()
    assert second.count('<li class="card">') == 5 and 'rel="prev"' in second
    last = f"Martin{PAGE_SIZE + 1}"
    assert last in second and last not in first


@pytest.mark.parametrize(
    ("text", "specialties", "postcodes", "departements", "words"),
    [
        ("Dr Manon Chevalier", [], [], [], ["manon", "chevalier"]),
        ("cardiologue à Paris", ["cardiologie"], [], [], ["paris"]),
        ("chirurgien orthopédiste 92", ["chirurgie-orthopedique"], [], ["92"], []),
        ("gastro-entérologue", ["gastro-enterologie"], [], [], []),
        ("ORL Créteil", ["orl"], [], [], ["creteil"]),
        ("Paris 16", [], ["75016", "75116"], [], []),
        ("75013", [], ["75013"], [], []),
        ("2b", [], [], ["2B"], []),
    ],
)
def test_queries_are_understood(text, specialties, postcodes, departements, words):
    understood = understand(text)
    assert understood.specialties == specialties
    assert understood.postcodes == postcodes
    assert understood.departements == departements
    assert understood.words == words


def test_a_misspelt_specialty_finds_nothing_but_suggests_it(client, corpus):
    """'cardiolgue' names no listed word: the page says so and offers the
    specialty meant, linked to its page; a search that finds doctors offers none."""
    page = client.get("/", {"q": "cardiolgue Paris"}).content.decode()
    assert "No practitioner matches this search." in page
    assert re.search(r'Did you mean:\s*<a href="/specialties/cardiologie/">', page), page
    found = client.get("/", {"q": "cardiologue"}).content.decode()
    assert "Chevalier" in found and "Did you mean" not in found
    nothing_near = client.get("/", {"q": "xylophone"}).content.decode()
    assert "No practitioner matches" in nothing_near and "Did you mean" not in nothing_near
