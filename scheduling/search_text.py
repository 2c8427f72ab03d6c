"""What a patient types and what is stored, alike: the Python twin of the SQL
function scheduling_normalize (scheduling/rules/listing.py), which the
listing's search text, the public search, the staff's patient and board
searches and the call centre's all match through."""

import re
import unicodedata

# Letters that Unicode does not decompose into a base letter and an accent.
_LIGATURES = str.maketrans(
    {"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L"}
)
_NOT_WORD = re.compile(r"[^a-z0-9]+")


def normalize(text: str | None) -> str | None:
    """Lower case, no accents, words separated by single spaces, padded with
    one space each side (so ' word' finds a word start, ' word ' a whole word).

    The Python twin of the SQL function scheduling_normalize (PostgreSQL
    builds it on unaccent; SQLite calls this function)."""
    if text is None:
        return None
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    words = _NOT_WORD.sub(" ", plain.lower()).strip()
    return f" {words} "


def install_on_sqlite(sender, connection, **kwargs) -> None:
    """SQLite's triggers and searches call normalize(); a client without it
    cannot write the tables whose triggers need it, which fails closed."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "scheduling_normalize", 1, normalize, deterministic=True
        )
