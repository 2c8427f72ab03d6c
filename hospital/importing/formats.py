"""The national directories' public extracts, read as they are published.

FINESS — "FINESS Extraction du Fichier des établissements" on data.gouv.fr
(`etalab-cs1100507-stock-<date>.csv`, the establishments with their
geolocation; `etalab-cs1100502-…` has the same `structureet` lines without
it). Fields separated by `;`, no quoting, no column names: the first line is
`finess;etalab;<version>;<date>`, then one line per record, its first field
naming its kind — `structureet` (32 fields, in the order of STRUCTURE_FIELDS)
or `geolocalisation` (6 fields, Lambert 93 coordinates the registry does not
keep). Published in Windows-1252 for years; a release in UTF-8 is read too
(the encoding is recognised from the file's start).

RPPS — the Annuaire Santé's public extract (annuaire.sante.fr, "Extractions
en libre accès", mirrored daily on data.gouv.fr): a zip `PS_LibreAcces_<date>`
whose `PS_LibreAcces_Personne_activite_<date>.txt` has one line per activity
of a professional (one practice site), fields separated by `|` (every line
ends with one), no quoting, UTF-8, column names on the first line. The names
have varied slightly between releases (`Libellé civilité d'exercice` /
`Libellé civilité exercice`, columns added at the end), so columns are found
by their names, and only those the import reads are required.

Each reader yields records and `BadLine`s (the line's number in the file and
why it was skipped); a file that is not the extract it should be (no FINESS
first line, RPPS columns missing) raises `FormatError` before anything is
read.
"""

import contextlib
import re
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from stdnum.fr import siret

from hospital.validators import RPPS_PATTERN, validate_finess, validate_rpps

Progress = Callable[[int], None]  # told how many bytes were read since last time


class FormatError(Exception):
    """The file is not the extract it should be: nothing of it is imported."""


@dataclass(frozen=True)
class BadLine:
    file: str
    line: int
    reason: str
    # The practitioner the line is about, when that much could be read: none of
    # their affiliations is ended on a run that could not read all their lines.
    rpps: str = ""

    def __str__(self) -> str:
        return f"{self.file}, line {self.line}: {self.reason}"


# --- FINESS -----------------------------------------------------------------------

# The `structureet` line, field by field (DREES, "Extraction Finess des
# établissements", as data.gouv.fr publishes it).
STRUCTURE_FIELDS = (
    "structureet",
    "nofinesset",
    "nofinessej",
    "rs",
    "rslongue",
    "complrs",
    "compldistrib",
    "numvoie",
    "typvoie",
    "voie",
    "compvoie",
    "lieuditbp",
    "commune",
    "departement",
    "libdepartement",
    "ligneacheminement",
    "telephone",
    "telecopie",
    "categetab",
    "libcategetab",
    "categagretab",
    "libcategagretab",
    "siret",
    "codeape",
    "codemft",
    "libmft",
    "codesph",
    "libsph",
    "dateouv",
    "dateautor",
    "datemaj",
    "numuai",
)
_F = {name: index for index, name in enumerate(STRUCTURE_FIELDS)}
FINESS_FIRST_LINE = "finess;etalab;"
FINESS_MEMBER = r"\.csv$"
UTF8_BOM = b"\xef\xbb\xbf"
# "75651 PARIS CEDEX 13" -> 75651, PARIS
_ROUTING = re.compile(r"^(\d{5})\s+(.*?)(?:\s+CEDEX(?:\s+\d+)?)?$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Structure:
    """A `structureet` line: one establishment (entité géographique)."""

    line: int
    finess: str
    legal_entity: str
    name: str
    address: str
    postal_code: str
    city: str
    phone: str
    category_code: str
    category: str


@dataclass
class FinessReader:
    path: Path
    encoding: str = "auto"  # auto, utf-8 or cp1252
    progress: Progress | None = None
    counts: Counter = field(default_factory=Counter)

    def __iter__(self) -> Iterator[Structure | BadLine]:
        with _open_extract(self.path, FINESS_MEMBER) as stream:
            encoding = self.encoding if self.encoding != "auto" else _sniff_encoding(stream)
            lines = _numbered_lines(stream, self.progress)
            number, first = next(lines, (1, b""))
            if not first.removeprefix(UTF8_BOM).startswith(FINESS_FIRST_LINE.encode()):
                raise FormatError(
                    f"{self.path.name} is not a FINESS extract: its first line should start "
                    f"with '{FINESS_FIRST_LINE}' (data.gouv.fr, etalab-cs1100507-stock-….csv)"
                )
            for number, raw in lines:
                item = self._read(number, raw, encoding)
                if item is not None:
                    yield item

    def _read(self, number: int, raw: bytes, encoding: str) -> Structure | BadLine | None:
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            return self._bad(number, f"not valid {encoding} text")
        if not text.strip():
            return None
        fields = text.split(";")
        kind = fields[0]
        if kind != "structureet":
            self.counts[f"'{kind}' lines (not establishments)"] += 1
            return None
        if len(fields) != len(STRUCTURE_FIELDS):
            return self._bad(
                number, f"a structureet line has {len(STRUCTURE_FIELDS)} fields, not {len(fields)}"
            )
        return self._structure(number, [value.strip() for value in fields])

    def _structure(self, number: int, values: list[str]) -> Structure | BadLine:
        finess, legal_entity = values[_F["nofinesset"]], values[_F["nofinessej"]]
        for label, value in (("nofinesset", finess), ("nofinessej", legal_entity)):
            problem = finess_problem(value)
            if problem:
                return self._bad(number, f"{label} '{value}': {problem}")
        name = values[_F["rslongue"]] or values[_F["rs"]]
        if not name:
            return self._bad(number, "no name (rs, rslongue)")
        postal_code, city = _routing(values[_F["ligneacheminement"]])
        return Structure(
            line=number,
            finess=finess,
            legal_entity=legal_entity,
            name=name[:200],
            address=_address(values)[:250],
            postal_code=postal_code,
            city=city[:100],
            phone=values[_F["telephone"]],
            category_code=values[_F["categetab"]],
            category=values[_F["libcategetab"]],
        )

    def _bad(self, number: int, reason: str) -> BadLine:
        return BadLine(self.path.name, number, reason)


def _address(values: list[str]) -> str:
    number = values[_F["numvoie"]] + values[_F["compvoie"]]
    street = " ".join(part for part in (number, values[_F["typvoie"]], values[_F["voie"]]) if part)
    return street or values[_F["lieuditbp"]] or values[_F["compldistrib"]]


def _routing(line: str) -> tuple[str, str]:
    match = _ROUTING.match(line)
    return (match[1], match[2]) if match else ("", line)


# --- RPPS: PS_LibreAcces_Personne_activite ----------------------------------------

# The columns the import reads, by their published names.
RPPS_ID_TYPE = "Type d'identifiant PP"
RPPS_ID = "Identifiant PP"
LAST_NAME = "Nom d'exercice"
FIRST_NAME = "Prénom d'exercice"
PROFESSION_CODE = "Code profession"
SAVOIR_FAIRE_CODE = "Code savoir-faire"
SAVOIR_FAIRE = "Libellé savoir-faire"
SITE_SIRET = "Numéro SIRET site"
SITE_FINESS = "Numéro FINESS site"
LEGAL_ENTITY_FINESS = "Numéro FINESS établissement juridique"
RPPS_COLUMNS = (
    RPPS_ID_TYPE,
    RPPS_ID,
    LAST_NAME,
    FIRST_NAME,
    PROFESSION_CODE,
    SAVOIR_FAIRE_CODE,
    SAVOIR_FAIRE,
    SITE_SIRET,
    SITE_FINESS,
    LEGAL_ENTITY_FINESS,
)
# "Type d'identifiant PP": 8 is an RPPS number (0 an ADELI number).
RPPS_TYPE = "8"
RPPS_MEMBER = r"Personne_activite"
DOCTORS = "10"  # "Code profession" of "Médecin" (nomenclature TRE_G15)


@dataclass(frozen=True, slots=True)
class Activity:
    """One line of the extract: a professional practising at one site."""

    line: int
    rpps: str
    last_name: str
    first_name: str
    savoir_faire_code: str
    savoir_faire: str
    site_finess: str
    legal_entity_finess: str


@dataclass
class RppsReader:
    path: Path
    professions: frozenset[str] = frozenset({DOCTORS})
    progress: Progress | None = None
    # Sites whose professionals of the other professions are noted in `watched`
    # (their affiliations there are not this import's to end).
    watch_sites: frozenset[str] = frozenset()
    watched: set[str] = field(default_factory=set)
    counts: Counter = field(default_factory=Counter)

    def __iter__(self) -> Iterator[Activity | BadLine]:
        with _open_extract(self.path, RPPS_MEMBER) as stream:
            lines = _numbered_lines(stream, self.progress)
            _number, header = next(lines, (1, b""))
            columns = self._columns(header)
            width = len(columns)
            index = {name: columns.index(_key(name)) for name in RPPS_COLUMNS}
            for number, raw in lines:
                item = self._read(number, raw, width, index)
                if item is not None:
                    yield item

    def _columns(self, header: bytes) -> list[str]:
        try:
            names = header.decode("utf-8-sig").split("|")
        except UnicodeDecodeError:
            names = []
        columns = [_key(name) for name in names]
        missing = [name for name in RPPS_COLUMNS if _key(name) not in columns]
        if missing:
            raise FormatError(
                f"{self.path.name} is not the Annuaire Santé's PS_LibreAcces_Personne_activite "
                f"extract: its first line lacks the columns {', '.join(missing)}"
            )
        return columns

    def _read(self, number: int, raw: bytes, width: int, index: dict[str, int]):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            values = raw.decode("utf-8", errors="replace").split("|")
            return BadLine(
                self.path.name, number, "not valid UTF-8 text", rpps=_guess(values, index)
            )
        if not text.strip():
            return None
        values = [value.strip() for value in text.split("|")]
        if len(values) != width:
            reason = f"{len(values)} fields where the header has {width}"
            return BadLine(self.path.name, number, reason, rpps=_guess(values, index))
        if values[index[PROFESSION_CODE]] not in self.professions:
            self.counts["lines of other professions"] += 1
            if values[index[SITE_FINESS]] in self.watch_sites:
                self.watched.add(values[index[RPPS_ID]])
            return None
        if values[index[RPPS_ID_TYPE]] != RPPS_TYPE:
            self.counts["lines identified by an ADELI number, not an RPPS number"] += 1
            return None
        return self._activity(number, {name: values[i] for name, i in index.items()})

    def _activity(self, number: int, row: dict[str, str]) -> Activity | BadLine:
        rpps = row[RPPS_ID]
        try:
            validate_rpps(rpps)
        except ValidationError as error:
            reason = "wrong check digit" if error.code == "rpps_checksum" else "not 11 digits"
            return BadLine(self.path.name, number, f"Identifiant PP '{rpps}': {reason}")
        problem = self._problem(row)
        if problem:
            return BadLine(self.path.name, number, problem, rpps=rpps)
        return Activity(
            line=number,
            rpps=rpps,
            last_name=row[LAST_NAME],
            first_name=row[FIRST_NAME],
            savoir_faire_code=row[SAVOIR_FAIRE_CODE],
            savoir_faire=row[SAVOIR_FAIRE],
            site_finess=row[SITE_FINESS],
            legal_entity_finess=row[LEGAL_ENTITY_FINESS],
        )

    @staticmethod
    def _problem(row: dict[str, str]) -> str:
        if not row[LAST_NAME]:
            return f"no {LAST_NAME}"
        for column in (LAST_NAME, FIRST_NAME):
            if len(row[column]) > 100:
                return f"{column} longer than 100 characters"
        for column in (SITE_FINESS, LEGAL_ENTITY_FINESS):
            problem = finess_problem(row[column]) if row[column] else ""
            if problem:
                return f"{column} '{row[column]}': {problem}"
        if row[SITE_SIRET] and not siret.is_valid(row[SITE_SIRET]):
            return f"{SITE_SIRET} '{row[SITE_SIRET]}': not a valid SIRET (check digits)"
        return ""


def _guess(values: list[str], index: dict[str, int]) -> str:
    """The RPPS number of a line that cannot be read whole, if it is where it should be."""
    position = index[RPPS_ID]
    candidate = values[position].strip() if len(values) > position else ""
    return candidate if RPPS_PATTERN.match(candidate) else ""


# --- shared -----------------------------------------------------------------------


def finess_problem(value: str) -> str:
    """Why `value` is not a FINESS number, or ''."""
    try:
        validate_finess(value)
    except ValidationError as error:
        return "wrong check digit" if error.code == "finess_checksum" else "not a FINESS number"
    return ""


def _key(name: str) -> str:
    """A column name as compared: the publisher's case and spacing vary."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


@contextlib.contextmanager
def _open_extract(path: Path, member: str) -> Iterator:
    """The file, or its member matching `member` when it is a zip (as annuaire.sante.fr
    publishes the RPPS extract)."""
    if not zipfile.is_zipfile(path):
        with open(path, "rb") as stream:
            yield stream
        return
    with zipfile.ZipFile(path) as archive, archive.open(_member(archive, member)) as stream:
        yield stream


def _member(archive: zipfile.ZipFile, pattern: str) -> str:
    names = [name for name in archive.namelist() if re.search(pattern, name)]
    if len(names) != 1:
        raise FormatError(f"expected one file matching {pattern!r} in the zip, found {names}")
    return names[0]


def _numbered_lines(stream, progress: Progress | None) -> Iterator[tuple[int, bytes]]:
    for number, raw in enumerate(stream, start=1):
        if progress is not None:
            progress(len(raw))
        yield number, raw.rstrip(b"\r\n")


def _sniff_encoding(stream) -> str:
    """UTF-8 if the file's first megabyte reads as UTF-8, else Windows-1252 (the
    encoding FINESS extracts have long been published in)."""
    start = stream.read(1 << 20)
    stream.seek(0)
    try:
        start.decode("utf-8")
    except UnicodeDecodeError as error:
        # A character cut by the end of the sample is not a reason to refuse.
        if error.start < len(start) - 3:
            return "cp1252"
    return "utf-8"


def extract_size(path: Path, member: str) -> int:
    """The size of what a reader will read (the zip member's, for a zip)."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            return archive.getinfo(_member(archive, member)).file_size
    return path.stat().st_size
