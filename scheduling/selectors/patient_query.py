"""What a patient types in the search box, understood.

"Dr Chevalier", "cardiologue Paris", "pédiatre 94", "pitie", "75013",
"Paris 13e": case and accents do not matter; a profession or a specialty
becomes that specialty; a postcode, a département or a Paris arrondissement
becomes the establishments there; "Dr", "de", "la" and their kin are
dropped; every other word must start a word of what is listed for an agenda
(the practitioner's names, the department, the hospital, its city, the
specialties). Agendas where every word is a whole word rank first.
"""

import difflib
import re
from dataclasses import dataclass, field

from scheduling.search_text import normalize

# Normalised terms (scheduling.search_text.normalize, without the padding) that
# name a specialty: the specialty itself and the professions practising it,
# in French and in English. Plurals and feminine forms are derived below.
PROFESSIONS: dict[str, list[str]] = {
    "allergologie": ["allergologie", "allergologue", "allergologist"],
    "anesthesie-reanimation": [
        "anesthesie",
        "anesthesiste",
        "anesthesiste reanimateur",
        "reanimation",
        "anaesthetist",
        "anesthesiologist",
    ],
    "cardiologie": ["cardiologie", "cardiologue", "cardio", "cardiologist", "cardiology"],
    "chirurgie-digestive": [
        "chirurgie digestive",
        "chirurgie viscerale",
        "chirurgien digestif",
        "chirurgien viscerale",
    ],
    "chirurgie-orthopedique": [
        "orthopedie",
        "orthopediste",
        "chirurgien orthopediste",
        "chirurgie orthopedique",
        "traumatologie",
        "orthopaedic surgeon",
        "orthopedic surgeon",
    ],
    "chirurgie-pediatrique": ["chirurgie pediatrique", "chirurgien pediatrique"],
    "chirurgie-plastique": [
        "chirurgie plastique",
        "chirurgie esthetique",
        "chirurgien plasticien",
        "plastic surgeon",
    ],
    "chirurgie-thoracique": [
        "chirurgie thoracique",
        "chirurgie cardiaque",
        "chirurgien thoracique",
        "chirurgien cardiaque",
    ],
    "chirurgie-vasculaire": ["chirurgie vasculaire", "chirurgien vasculaire"],
    "dermatologie": ["dermatologie", "dermatologue", "dermato", "dermatologist"],
    "endocrinologie": [
        "endocrinologie",
        "endocrinologue",
        "endocrino",
        "diabetologie",
        "diabetologue",
        "endocrinologist",
    ],
    "gastro-enterologie": [
        "gastro enterologie",
        "gastroenterologie",
        "gastro enterologue",
        "gastroenterologue",
        "hepato gastro enterologue",
        "hepatologue",
        "gastro",
        "gastroenterologist",
    ],
    "geriatrie": ["geriatrie", "geriatre", "geriatrician"],
    "gynecologie-obstetrique": [
        "gynecologie",
        "gynecologue",
        "gyneco",
        "obstetrique",
        "obstetricien",
        "gynecologist",
        "obstetrician",
    ],
    "hematologie": ["hematologie", "hematologue", "haematologist", "hematologist"],
    "maladies-infectieuses": ["maladies infectieuses", "infectiologie", "infectiologue"],
    "medecine-interne": ["medecine interne", "interniste"],
    "medecine-physique": ["medecine physique", "reeducation", "readaptation"],
    "nephrologie": ["nephrologie", "nephrologue", "nephrologist"],
    "neurochirurgie": ["neurochirurgie", "neurochirurgien", "neurosurgeon", "neurosurgery"],
    "neurologie": ["neurologie", "neurologue", "neurologist", "neurology"],
    "oncologie": ["oncologie", "oncologue", "cancerologue", "cancerologie", "oncologist"],
    "ophtalmologie": [
        "ophtalmologie",
        "ophtalmologue",
        "ophtalmologiste",
        "ophtalmo",
        "ophthalmologist",
    ],
    "orl": [
        "orl",
        "oto rhino laryngologie",
        "oto rhino laryngologiste",
        "otorhinolaryngologiste",
        "ent",
    ],
    "pediatrie": ["pediatrie", "pediatre", "pediatrician", "paediatrician"],
    "pneumologie": ["pneumologie", "pneumologue", "pneumo", "pulmonologist"],
    "psychiatrie": ["psychiatrie", "psychiatre", "pedopsychiatre", "psychiatrist"],
    "radiologie": ["radiologie", "radiologue", "imagerie medicale", "radiologist"],
    "rhumatologie": ["rhumatologie", "rhumatologue", "rhumato", "rheumatologist"],
    "stomatologie": [
        "stomatologie",
        "stomatologue",
        "chirurgie maxillo faciale",
        "chirurgien maxillo facial",
    ],
    "urologie": ["urologie", "urologue", "urologist"],
}

# Words that say nothing about whom or where: titles and little words.
IGNORED = {
    *"dr docteur doctor doc pr professeur prof professor medecin medecins".split(),
    *"m mme mr mrs ms".split(),
    *"a au aux d de des du en et l la le les pour sur un une chez the of in at near".split(),
}
# Shorter words are matched as whole words only ("or" must not find "orl").
MIN_PREFIX = 3

_POSTCODE = re.compile(r"^\d{5}$")
_DEPARTEMENT = re.compile(r"^(0[1-9]|[1-8]\d|9[0-5]|2a|2b|97[1-6])$")
_ARRONDISSEMENT = re.compile(r"^(\d{1,2})(e|er|eme|ieme)?$")


def _variants(term: str) -> set[str]:
    """The term, its plural and, for professions in -ien, the feminine."""
    forms = {term}
    if term.endswith("ien"):
        forms.add(term + "ne")
    forms |= {form + "s" for form in forms if not form.endswith(("s", "x"))}
    return forms


def _vocabulary() -> list[tuple[str, str]]:
    pairs = {
        (form, code) for code, terms in PROFESSIONS.items() for t in terms for form in _variants(t)
    }
    # Longest first, so that "chirurgien orthopediste" wins over "orthopediste".
    return sorted(pairs, key=lambda pair: (-len(pair[0]), pair[0]))


VOCABULARY = _vocabulary()


@dataclass
class PatientQuery:
    """A search, understood: specialties (codes), places, and the other words."""

    specialties: list[str] = field(default_factory=list)
    postcodes: list[str] = field(default_factory=list)
    departements: list[str] = field(default_factory=list)
    words: list[str] = field(default_factory=list)

    @property
    def has_places(self) -> bool:
        return bool(self.postcodes or self.departements)


def understand(text: str) -> PatientQuery:
    padded = normalize(text or "")
    query = PatientQuery()
    for term, code in VOCABULARY:
        if f" {term} " in padded:
            padded = padded.replace(f" {term} ", " ")
            if code not in query.specialties:
                query.specialties.append(code)
    tokens = padded.split()
    skip = False
    for position, token in enumerate(tokens):
        if skip:
            skip = False
            continue
        following = tokens[position + 1] if position + 1 < len(tokens) else ""
        if token == "paris" and (arrondissement := _arrondissement(following)):
            query.postcodes += arrondissement
            skip = True
        elif _POSTCODE.match(token):
            query.postcodes.append(token)
        elif _DEPARTEMENT.match(token):
            query.departements.append(token.upper())
        elif token.isdigit() or token in IGNORED or len(token) < 2:
            continue
        elif token not in query.words:
            query.words.append(token)
    return query


def _arrondissement(token: str) -> list[str]:
    found = _ARRONDISSEMENT.match(token)
    number = int(found.group(1)) if found else 0
    if not 1 <= number <= 20:
        return []
    return [f"750{number:02d}"] + (["75116"] if number == 16 else [])


# One-word names of specialties and professions, for "did you mean": a typo
# ("cardiolgue") matches no listed word, so the search finds nothing.
_SINGLE_WORDS = {form: code for form, code in VOCABULARY if " " not in form}
# How alike a typed word and a known one must be (difflib's ratio): 0.8 takes
# one letter missing, swapped or wrong in a word of eight, not "cardio" for "radio".
SUGGESTION_CUTOFF = 0.8


def suggest(text: str) -> list[str]:
    """The specialties (codes) that the words a search left unmatched were
    probably meant to name, in the order the words were typed."""
    codes: list[str] = []
    for word in understand(text).words:
        for close in difflib.get_close_matches(word, _SINGLE_WORDS, n=1, cutoff=SUGGESTION_CUTOFF):
            if _SINGLE_WORDS[close] not in codes:
                codes.append(_SINGLE_WORDS[close])
    return codes
