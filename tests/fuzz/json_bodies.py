"""What the JSON fuzz posts to the REST API and FHIR: bodies shaped by the
OpenAPI schema (drf-spectacular's, the one published at /api/v1/schema/) and
by the FHIR resources the IHE operations take (Parameters, Appointment,
Patient), each valid with the fuzz world's ids, then spoiled: one value or
several replaced by something hostile, a list where an object goes and the
reverse, numbers as strings, null, NUL and lone surrogates, dates no calendar
has, nesting past any limit, or a body that is no JSON at all."""

import datetime
import json

from hypothesis import strategies as st

from tests.fuzz.world import FuzzWorld

# Known troublemakers in JSON, each once the cause of a 500 somewhere.
HOSTILE_TEXT = [
    "",
    " ",
    "\x00",
    "cardio\x00logie",
    "\ud800",
    "a\udfffb",
    "\udbff",
    "%00",
    "🙂",
    "\u202e",
    "9" * 40,
    "a" * 5000,
    "NaN",
    "null",
    "true",
    "1e3",
    "0001-01-01",
    "9999-12-31",
    "0001-01-01T00:00:00",
    "9999-12-31T23:59:59-23:59",
    "2026-03-01T09:00:00+99:00",
    "2026-02-30",
    "2026-03-29T02:30",
    "ge0001-01-01",
    "le9999-12-31",
    "Slot/99999999999999999999",
    "Slot/-1",
    "Patient/\x00",
    "reason/1\ud800",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
]
HOSTILE_NUMBERS = [0, -1, 1.5, 2**62 + 1, 2**63, 2**64, 10**30, 1e308, -0.0, True, False]
HOSTILE_SHAPES = [None, [], {}, [1], {"a": 1}, [[]], [{"code": "\x00"}], {"coding": "x"}]


def _nested(depth: int):
    value: object = "deep"
    for _level in range(depth):
        value = [value]
    return value


hostile_leaf = st.one_of(
    st.sampled_from(HOSTILE_TEXT),
    st.sampled_from(HOSTILE_NUMBERS),
    st.sampled_from(HOSTILE_SHAPES),
    st.text(max_size=20),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.integers(min_value=30, max_value=60).map(_nested),  # past the parser's depth
    st.dates(min_value=datetime.date(1, 1, 1)).map(datetime.date.isoformat),
)

# Whole bodies no JSON decoder should choke the server with.
RAW_BODIES = st.one_of(
    st.integers(min_value=33, max_value=20_000).map(lambda n: "[" * n + "]" * n),
    st.integers(min_value=33, max_value=5_000).map(lambda n: '{"a":' * n + "1" + "}" * n),
    st.sampled_from(
        [
            "",
            "{",
            '{"a": "',
            "{'a': 1}",
            '{"slot": NaN}',
            '{"slot": Infinity}',
            '{"slot": 1e999}',
            '{"slot": ' + "9" * 5000 + "}",
            b'{"a": "\xff\xfe"}',
            b"\x00\x00\x00",
            '"\\ud800"',
            "null",
            "[]",
            "5",
            '{"resourceType": "Parameters", "parameter": "x"}',
            '{"x": "' + "a" * 70_000 + '"}',
        ]
    ),
)


# --- bodies from the OpenAPI schema -------------------------------------------------


def _resolve(schema: dict, components: dict) -> dict:
    while "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[-1]]
    if "oneOf" in schema:
        schema = schema["oneOf"][0]
    if "allOf" in schema:
        schema = _resolve(schema["allOf"][0], components)
    return schema


def from_schema(schema: dict, components: dict, known: dict, name: str = ""):
    """Valid instances of a JSON schema, with the world's ids for fields it names."""
    schema = _resolve(schema, components)
    if name in known:
        return st.sampled_from(known[name])
    kind = schema.get("type")
    if kind == "object":
        properties = schema.get("properties", {})
        required = set(schema.get("required", []))
        strategies = {k: from_schema(v, components, known, k) for k, v in properties.items()}
        return st.fixed_dictionaries(
            {k: s for k, s in strategies.items() if k in required},
            optional={k: s for k, s in strategies.items() if k not in required},
        )
    if kind == "array":
        return st.lists(from_schema(schema.get("items", {}), components, known), max_size=3)
    if kind == "integer":
        return st.integers(schema.get("minimum", -(2**31)), schema.get("maximum", 2**31))
    if kind == "boolean":
        return st.booleans()
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    if schema.get("format") == "date":
        return st.dates(datetime.date(1920, 1, 1), datetime.date(2020, 1, 1)).map(str)
    if schema.get("format") == "email":
        return st.sampled_from(["zoe@example.org", "eve@example.org"])
    return st.text(min_size=schema.get("minLength", 0), max_size=schema.get("maxLength", 40))


# --- spoiling a valid body ------------------------------------------------------------


def _paths(value, prefix=()) -> list[tuple]:
    """Every place in `value` a hostile value can go: each key of an object,
    each item of a list, and the containers themselves."""
    found = [prefix]
    if isinstance(value, dict):
        for key, inner in value.items():
            found += _paths(inner, (*prefix, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            found += _paths(inner, (*prefix, index))
    return found


def _replaced(value, path: tuple, new):
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(value, dict):
        return {**value, head: _replaced(value[head], rest, new)}
    copy = list(value)
    copy[head] = _replaced(copy[head], rest, new)
    return copy


def _wrong_type(value):
    """The same value in the wrong JSON type: the classic client bugs."""
    if isinstance(value, dict):
        return st.sampled_from([[value], list(value.values()), str(value)])
    if isinstance(value, list):
        return st.sampled_from([value[0] if value else {}, {"0": value}, json.dumps(value)])
    if isinstance(value, bool):
        return st.sampled_from([str(value).lower(), int(value), None])
    if isinstance(value, int | float):
        return st.sampled_from([str(value), [value], {"value": value}, None, f"{value}.0"])
    return st.sampled_from([[value], {"value": value}, None, 0])


@st.composite
def spoiled(draw, valid: st.SearchStrategy):
    """A valid body with none, one or several places spoiled, or no JSON at all.
    Returns the bytes to post."""
    if draw(st.integers(0, 9)) == 0:
        raw = draw(RAW_BODIES)
        return raw if isinstance(raw, bytes) else raw.encode("utf-8", "surrogatepass")
    body = draw(valid)
    places = _paths(body)
    for _spoil in range(draw(st.integers(0, 3))):
        path = draw(st.sampled_from(places))
        current = _get(body, path)
        if current is _MISSING:
            continue
        new = draw(st.one_of(hostile_leaf, _wrong_type(current)))
        body = _replaced(body, path, new)
        places = _paths(body)
    if isinstance(body, dict) and draw(st.booleans()):
        body = {**body, draw(st.sampled_from(["\ud800", "\x00", "extra"])): draw(hostile_leaf)}
    # ensure_ascii: lone surrogates go out as \ud800 escapes, as a client's JSON would.
    return json.dumps(body).encode()


_MISSING = object()


def _get(value, path):
    for step in path:
        try:
            value = value[step]
        except (KeyError, IndexError, TypeError):
            return _MISSING
    return value


# --- FHIR resources -------------------------------------------------------------------


def fhir_patient(n: st.SearchStrategy) -> st.SearchStrategy:
    return st.builds(
        lambda i, email, system: {
            "resourceType": "Patient",
            "id": "p",
            "name": [{"family": f"Fuzz{i}", "given": ["Zoé"]}],
            "birthDate": "1980-05-17",
            "telecom": [{"system": system, "value": email}],
        },
        n,
        st.sampled_from(["zoe@example.org", "06 12 34 56 78"]),
        st.sampled_from(["email", "phone"]),
    )


def fhir_appointment(world: FuzzWorld, with_patient: bool = True) -> st.SearchStrategy:
    slots = world.slot + world.other_slot
    return st.builds(
        lambda slot, reason, patient, held: {
            "resourceType": "Appointment",
            "status": "proposed",
            **({"id": held} if held else {}),
            "slot": [{"reference": f"Slot/{slot}"}],
            "reasonCode": [{"coding": [{"system": "urn:x", "code": str(reason)}]}],
            **({"contained": [patient]} if patient else {}),
            "participant": [{"actor": {"reference": "#p"}, "status": "accepted"}],
        },
        st.sampled_from(slots),
        st.sampled_from(world.reason),
        fhir_patient(st.integers(0, 10**6)) if with_patient else st.none(),
        st.one_of(st.none(), st.sampled_from(world.public_id)),
    )


def fhir_parameters(world: FuzzWorld, operation: str) -> st.SearchStrategy:
    """A Parameters resource for $find, $hold or $book, valid with the world's ids."""
    if operation == "$find":
        moments = ["2027-01-05", "2027-01-05T09:00:00+01:00", "2027-02-01T00:00:00Z"]
        return st.builds(
            lambda start, end, reason, kind, count: {
                "resourceType": "Parameters",
                "parameter": [
                    {"name": "start", "valueDateTime": start},
                    {"name": "end", "valueDateTime": end},
                    {"name": "reason-code", "valueCode": str(reason)},
                    {"name": "service-type", "valueCoding": {"code": kind}},
                    {"name": "_count", "valueInteger": count},
                ],
            },
            st.sampled_from(moments),
            st.sampled_from(moments),
            st.sampled_from(world.reason),
            st.sampled_from(world.specialty),
            st.integers(1, 100),
        )
    return st.builds(
        lambda appointment, returning: {
            "resourceType": "Parameters",
            "parameter": [
                {"name": "appointment", "resource": appointment},
                {"name": "returning", "valueBoolean": returning},
            ],
        },
        fhir_appointment(world, with_patient=True),
        st.booleans(),
    ) | fhir_appointment(world)  # a bare Appointment is read too
