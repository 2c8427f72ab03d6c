"""Writing files in the national directories' published formats (tests and bench).

The layouts are those `hospital/importing/formats.py` reads, as published:
FINESS `structureet` and `geolocalisation` lines separated by `;`, in
Windows-1252, after the `finess;etalab;…` line; the RPPS
`PS_LibreAcces_Personne_activite` extract with its header line, `|` after
every field, in UTF-8. `generate()` writes an institution of any size — AP-HP's
is 39 hospitals and ~12,400 doctors — with practitioners of other professions,
doctors of other hospitals and liberal doctors around them, as the national
files have.
"""

import random
from dataclasses import dataclass
from pathlib import Path

from stdnum import luhn

from hospital.importing.formats import STRUCTURE_FIELDS

# The header of PS_LibreAcces_Personne_activite as published (a 2021 release;
# later ones append columns and respell one or two: columns are read by name).
RPPS_HEADER = (
    "Type d'identifiant PP|Identifiant PP|Identification nationale PP|Code civilité d'exercice|"
    "Libellé civilité d'exercice|Code civilité|Libellé civilité|Nom d'exercice|"
    "Prénom d'exercice|Code profession|Libellé profession|Code catégorie professionnelle|"
    "Libellé catégorie professionnelle|Code type savoir-faire|Libellé type savoir-faire|"
    "Code savoir-faire|Libellé savoir-faire|Code mode exercice|Libellé mode exercice|"
    "Numéro SIRET site|Numéro SIREN site|Numéro FINESS site|"
    "Numéro FINESS établissement juridique|Identifiant technique de la structure|"
    "Raison sociale site|Enseigne commerciale site|Complément destinataire (coord. structure)|"
    "Complément point géographique (coord. structure)|Numéro Voie (coord. structure)|"
    "Indice répétition voie (coord. structure)|Code type de voie (coord. structure)|"
    "Libellé type de voie (coord. structure)|Libellé Voie (coord. structure)|"
    "Mention distribution (coord. structure)|Bureau cedex (coord. structure)|"
    "Code postal (coord. structure)|Code commune (coord. structure)|"
    "Libellé commune (coord. structure)|Code pays (coord. structure)|"
    "Libellé pays (coord. structure)|Téléphone (coord. structure)|"
    "Téléphone 2 (coord. structure)|Télécopie (coord. structure)|"
    "Adresse e-mail (coord. structure)|Code Département (structure)|"
    "Libellé Département (structure)|Ancien identifiant de la structure|"
    "Autorité d'enregistrement|Code secteur d'activité|Libellé secteur d'activité|"
    "Code section tableau pharmaciens|Libellé section tableau pharmaciens|"
).split("|")

APHP = "750712184"  # AP-HP's legal entity (entité juridique)
APHP_SIREN = "267500452"
_LIBERAL_SIREN = "12345678" + luhn.calc_check_digit("12345678")


def finess_number(body: str) -> str:
    """`body` (8 digits) and its Luhn key."""
    return body + luhn.calc_check_digit(body)


def rpps_number(n: int) -> str:
    body = f"1{n:09d}"
    return body + luhn.calc_check_digit(body)


def siret_number(siren: str, nic: int) -> str:
    body = f"{siren}{nic:04d}"
    return body + luhn.calc_check_digit(body)


@dataclass
class Site:
    finess: str
    legal_entity: str
    short_name: str
    name: str
    number: str = "1"
    street_type: str = "R"
    street: str = "DE LA SANTE"
    postal_code: str = "75013"
    city: str = "PARIS"
    phone: str = "0142160000"
    category: str = "101"
    category_label: str = "Centre Hospitalier Régional (C.H.R.)"
    siret: str = ""

    def structureet(self) -> str:
        values = dict.fromkeys(STRUCTURE_FIELDS, "")
        values.update(
            structureet="structureet",
            nofinesset=self.finess,
            nofinessej=self.legal_entity,
            rs=self.short_name,
            rslongue=self.name,
            numvoie=self.number,
            typvoie=self.street_type,
            voie=self.street,
            commune=self.postal_code[2:],
            departement=self.postal_code[:2],
            libdepartement="PARIS" if self.postal_code.startswith("75") else "",
            ligneacheminement=f"{self.postal_code} {self.city}",
            telephone=self.phone,
            categetab=self.category,
            libcategetab=self.category_label,
            siret=self.siret,
            codeape="8610Z",
            dateouv="1970-01-01",
            dateautor="1970-01-01",
            datemaj="2026-05-04",
        )
        return ";".join(values[name] for name in STRUCTURE_FIELDS)

    def geolocalisation(self) -> str:
        return (
            f"geolocalisation;{self.finess};652035.2;6859823.1;"
            "1,ATLASANTE,100,IGN,BD_ADRESSE,V2.2,LAMBERT_93;2026-05-04"
        )


def write_finess(path: Path, sites: list[Site], *, date: str = "2026-06-01") -> Path:
    lines = [f"finess;etalab;111;{date}"]
    lines += [site.structureet() for site in sites]
    lines += [site.geolocalisation() for site in sites]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    return path


@dataclass
class Practice:
    """One line of the RPPS extract: a professional at one site."""

    rpps: str
    last_name: str
    first_name: str
    savoir_faire: tuple[str, str] = ("", "")
    site: Site | None = None
    siret: str = ""
    profession: tuple[str, str] = ("10", "Médecin")
    id_type: str = "8"

    def line(self) -> str:
        values = dict.fromkeys(RPPS_HEADER, "")
        code, label = self.savoir_faire
        site = self.site
        values.update(
            {
                "Type d'identifiant PP": self.id_type,
                "Identifiant PP": self.rpps,
                "Identification nationale PP": self.id_type + self.rpps,
                "Code civilité d'exercice": "DR" if self.profession[0] == "10" else "",
                "Libellé civilité d'exercice": "Docteur" if self.profession[0] == "10" else "",
                "Nom d'exercice": self.last_name,
                "Prénom d'exercice": self.first_name,
                "Code profession": self.profession[0],
                "Libellé profession": self.profession[1],
                "Code catégorie professionnelle": "C",
                "Libellé catégorie professionnelle": "Civil",
                "Code type savoir-faire": "S" if code else "",
                "Libellé type savoir-faire": "Spécialité ordinale" if code else "",
                "Code savoir-faire": code,
                "Libellé savoir-faire": label,
                "Code mode exercice": "S" if site else "L",
                "Libellé mode exercice": "Salarié" if site else "Libéral",
                "Numéro SIRET site": self.siret or (site.siret if site else ""),
                "Numéro FINESS site": site.finess if site else "",
                "Numéro FINESS établissement juridique": site.legal_entity if site else "",
                "Identifiant technique de la structure": f"F{site.finess}" if site else "",
                "Raison sociale site": site.name if site else f"CABINET DU DR {self.last_name}",
                "Numéro Voie (coord. structure)": site.number if site else "3",
                "Code type de voie (coord. structure)": site.street_type if site else "R",
                "Libellé Voie (coord. structure)": site.street if site else "DES LILAS",
                "Bureau cedex (coord. structure)": (
                    f"{site.postal_code} {site.city}" if site else "75019 PARIS"
                ),
                "Code postal (coord. structure)": site.postal_code if site else "75019",
                "Libellé commune (coord. structure)": site.city if site else "PARIS",
                "Ancien identifiant de la structure": f"1{site.finess}" if site else "",
                "Autorité d'enregistrement": "CNOM/CNOM/CNOM",
                "Code secteur d'activité": "SA01" if site else "SA07",
                "Libellé secteur d'activité": (
                    "Etablissement public de santé" if site else "Cabinet individuel"
                ),
            }
        )
        return "|".join(values[name] for name in RPPS_HEADER)


def write_rpps(path: Path, practices: list[Practice], *, header=None) -> Path:
    header = header or RPPS_HEADER
    lines = ["|".join(header)] + [practice.line() for practice in practices]
    path.write_bytes(("\n".join(lines) + "\n").encode("utf-8"))
    return path


# --- an institution of any size ----------------------------------------------------

_LAST = (
    "MARTIN BERNARD THOMAS PETIT ROBERT RICHARD DURAND DUBOIS MOREAU LAURENT SIMON MICHEL "
    "LEFEBVRE LEROY ROUX DAVID BERTRAND MOREL FOURNIER GIRARD BONNET DUPONT LAMBERT FONTAINE "
    "ROUSSEAU VINCENT MULLER LEFEVRE FAURE ANDRE MERCIER BLANC GUERIN BOYER GARNIER CHEVALIER"
).split()
_FIRST = (
    "MARIE JEAN PIERRE CLAIRE LUC SOPHIE PAUL ANNE LOUIS EMMA JULIE NICOLAS CAMILLE HUGO "
    "LEA THOMAS CHLOE LUCAS INES ANTOINE SARAH MATHIEU ELISE ARTHUR"
).split()
_LABELS = {
    "SM04": "Cardiologie et Maladies vasculaires",
    "SM31": "Neuro-chirurgie",
    "SM32": "Neurologie",
    "SM40": "Pédiatrie",
    "SM20": "Gynécologie-obstétrique",
    "SM02": "Anesthésie-réanimation",
    "SM41": "Pneumologie",
    "SM38": "Ophtalmologie",
    "SM24": "Gastro-entérologie et Hépatologie",
    "SM42": "Psychiatrie",
    "SM54": "Médecine générale",
}


def generate(
    folder: Path, *, practitioners: int = 12_400, hospitals: int = 39, seed: int = 23
) -> tuple[Path, Path]:
    """An AP-HP-size institution (by default) in the published formats: its
    hospitals, external clinics, another hospital group; its doctors (one in five
    on two sites, one in ten also at a clinic), with nurses, other hospitals'
    doctors and liberal doctors around them."""
    chance = random.Random(seed)
    members = [
        Site(
            finess_number(f"75{100_000 + i:06d}"),
            APHP,
            f"HOPITAL {i}",
            f"HOPITAL UNIVERSITAIRE NUMERO {i}",
            number=str(i + 1),
            postal_code=f"750{1 + i % 20:02d}",
            siret=siret_number(APHP_SIREN, 100 + i),
        )
        for i in range(hospitals)
    ]
    clinics = [
        Site(
            finess_number(f"92{200_000 + i:06d}"),
            finess_number(f"92{300_000 + i:06d}"),
            f"CLINIQUE {i}",
            f"CLINIQUE PRIVEE NUMERO {i}",
            postal_code="92200",
            city="NEUILLY SUR SEINE",
            category="365",
            category_label="Etablissement de Soins Pluridisciplinaire",
        )
        for i in range(4)
    ]
    others = [
        Site(
            finess_number(f"93{400_000 + i:06d}"),
            finess_number("93500000"),
            f"CH {i}",
            f"CENTRE HOSPITALIER NUMERO {i}",
            postal_code="93200",
            city="SAINT DENIS",
            category="355",
            category_label="Centre Hospitalier (C.H.)",
        )
        for i in range(10)
    ]
    codes = list(_LABELS)
    practices: list[Practice] = []
    for n in range(practitioners):
        person = (
            rpps_number(n + 1),
            chance.choice(_LAST),
            chance.choice(_FIRST),
            (code := chance.choice(codes), _LABELS[code]),
        )
        sites = chance.sample(members, 2 if n % 5 == 0 else 1)
        if n % 10 == 0:
            sites.append(chance.choice(clinics))
        practices += [Practice(*person, site=site) for site in sites]
    for n in range(practitioners // 2):  # nurses of the institution
        practices.append(
            Practice(
                rpps_number(5_000_000 + n),
                chance.choice(_LAST),
                chance.choice(_FIRST),
                site=chance.choice(members),
                profession=("60", "Infirmier"),
            )
        )
    for n in range(practitioners // 2):  # doctors of other hospitals, and liberal ones
        practices.append(
            Practice(
                rpps_number(8_000_000 + n),
                chance.choice(_LAST),
                chance.choice(_FIRST),
                ("SM54", _LABELS["SM54"]),
                site=chance.choice(others) if n % 2 else None,
                siret="" if n % 2 else siret_number(_LIBERAL_SIREN, n % 9000),
            )
        )
    chance.shuffle(practices)
    finess = write_finess(
        folder / "etalab-cs1100507-stock-20260601-0400.csv", members + clinics + others
    )
    rpps = write_rpps(folder / "PS_LibreAcces_Personne_activite_202606010900.txt", practices)
    return finess, rpps
