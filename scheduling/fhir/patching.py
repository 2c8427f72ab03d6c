"""PATCH bodies applied to a resource: JSON Patch (RFC 6902, the form FHIR R4
names, `application/json-patch+json`) or a JSON merge patch (RFC 7386, what
fhirpy's `patch()` sends as a partial resource). The result is a new
resource, read afterwards like the body of a PUT; the resource given is
never changed. Anything malformed is a FhirInputError (400), and a failed
`test` operation too (RFC 6902 §5: the whole patch is refused)."""

import copy

from django.utils.translation import gettext as _

from scheduling.fhir.input import FhirInputError

MAX_OPERATIONS = 50


def apply(resource: dict, body) -> dict:
    if isinstance(body, list):
        return json_patch(resource, body)
    if isinstance(body, dict):
        return merge_patch(resource, body)
    raise FhirInputError(
        _("A PATCH body is a JSON Patch (a list of operations) or a partial resource.")
    )


def merge_patch(target, patch):
    """RFC 7386 §2: objects merge, null removes, anything else replaces."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    merged = copy.deepcopy(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = merge_patch(merged.get(key), value)
    return merged


def json_patch(resource: dict, operations: list) -> dict:
    if len(operations) > MAX_OPERATIONS:
        raise FhirInputError(_("A JSON Patch of at most 50 operations."))
    document = copy.deepcopy(resource)
    for operation in operations:
        document = _operation(document, operation)
    return document


def _operation(document, operation):
    if not isinstance(operation, dict) or not isinstance(operation.get("op"), str):
        raise FhirInputError(_("Each JSON Patch operation is an object with an op."))
    op, path = operation["op"], _pointer(operation.get("path"))
    if op in ("add", "replace", "test") and "value" not in operation:
        raise FhirInputError(_("This JSON Patch operation needs a value."))
    if op == "add":
        return _add(document, path, copy.deepcopy(operation["value"]))
    if op == "remove":
        return _remove(document, path)[0]
    if op == "replace":
        _get(document, path)  # RFC 6902 §4.3: the target location must exist
        return _add(_remove(document, path)[0], path, copy.deepcopy(operation["value"]))
    if op == "test":
        if _get(document, path) != operation["value"]:
            raise FhirInputError(_("A JSON Patch test failed: nothing was changed."))
        return document
    if op in ("move", "copy"):
        source = _pointer(operation.get("from"))
        value = copy.deepcopy(_get(document, source))
        if op == "move":
            if path[: len(source)] == source and path != source:
                raise FhirInputError(_("A JSON Patch cannot move a value into itself."))
            document = _remove(document, source)[0]
        return _add(document, path, value)
    raise FhirInputError(_("Unknown JSON Patch operation."))


def _pointer(raw) -> list[str]:
    """RFC 6901: "" is the whole document, "/a/0/b~1c" its parts."""
    if not isinstance(raw, str) or (raw and not raw.startswith("/")):
        raise FhirInputError(_("A JSON Patch path is a JSON Pointer."))
    if not raw:
        return []
    return [part.replace("~1", "/").replace("~0", "~") for part in raw[1:].split("/")]


def _index(container: list, part: str, *, adding: bool) -> int:
    if adding and part == "-":
        return len(container)
    if not part.isascii() or not part.isdigit() or (part != "0" and part.startswith("0")):
        raise FhirInputError(_("A JSON Patch path names no element of this resource."))
    index = int(part)
    if index > len(container) or (index == len(container) and not adding):
        raise FhirInputError(_("A JSON Patch path names no element of this resource."))
    return index


def _get(document, path: list[str]):
    for part in path:
        if isinstance(document, dict) and part in document:
            document = document[part]
        elif isinstance(document, list):
            document = document[_index(document, part, adding=False)]
        else:
            raise FhirInputError(_("A JSON Patch path names no element of this resource."))
    return document


def _add(document, path: list[str], value):
    if not path:
        return value
    parent = _get(document, path[:-1])
    if isinstance(parent, dict):
        parent[path[-1]] = value
    elif isinstance(parent, list):
        parent.insert(_index(parent, path[-1], adding=True), value)
    else:
        raise FhirInputError(_("A JSON Patch path names no element of this resource."))
    return document


def _remove(document, path: list[str]):
    if not path:
        raise FhirInputError(_("A JSON Patch cannot remove the whole resource."))
    parent = _get(document, path[:-1])
    if isinstance(parent, dict) and path[-1] in parent:
        return document, parent.pop(path[-1])
    if isinstance(parent, list):
        return document, parent.pop(_index(parent, path[-1], adding=False))
    raise FhirInputError(_("A JSON Patch path names no element of this resource."))
