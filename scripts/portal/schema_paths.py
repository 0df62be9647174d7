"""Questions answered from a collection's JSON Schema, so that no list of fields is kept by hand.

- `paths_to(collection, definition)`: where in a record a shared definition of
  common.schema.json is used (every date, every file), with ANY standing for a list index;
- `max_depth(collection)`: how many mappings and lists deep a valid record can nest (the loader
  refuses deeper files before it builds them);
- `references(collection)`: where a record names another record by its id, and in which
  collection (the schema's `x-refers-to` annotation), for the validator to check.
"""
from __future__ import annotations

from functools import cache

from .collections import BY_NAME, resolve_ref

ANY = "*"
COMMON = "common.schema.json"
_COMBINATORS = ("oneOf", "anyOf", "allOf")


def _is_definition(schema: dict, file: str, definition: str) -> bool:
    ref = schema.get("$ref", "")
    target_file = ref.partition("#")[0] or file
    return target_file == COMMON and ref.endswith(f"#/$defs/{definition}")


def _children(schema: dict, file: str):
    """(key, sub-schema, its file) for the properties and list items below a resolved schema."""
    for name, sub in (schema.get("properties") or {}).items():
        yield name, sub, file
    if isinstance(schema.get("items"), dict):
        yield ANY, schema["items"], file
    for combinator in _COMBINATORS:
        for sub in schema.get(combinator) or []:
            yield None, sub, file   # the same place in the record


@cache
def paths_to(collection: str, definition: str) -> frozenset:
    """Paths of every value described by common.schema.json#/$defs/<definition>."""
    found: set = set()

    def walk(schema: dict, path: tuple, file: str, depth: int) -> None:
        if depth > 16:
            return
        if _is_definition(schema, file, definition):
            found.add(path)
            return
        schema, file = resolve_ref(schema, file)
        for key, sub, sub_file in _children(schema, file):
            walk(sub, path if key is None else path + (key,), sub_file, depth + 1)

    walk(BY_NAME[collection].schema(), (), BY_NAME[collection].schema_file, 0)
    return frozenset(found)


@cache
def max_depth(collection: str) -> int:
    """Mappings and lists, one inside the other, in the deepest valid record (the record is 1)."""
    def depth(schema: dict, file: str, seen: frozenset) -> int:
        key = (file, id(schema))
        if key in seen:   # a recursive definition: none today; count it once
            return 0
        schema, file = resolve_ref(schema, file)
        own = 1 if schema.get("type") in ("object", "array") or "properties" in schema or "items" in schema else 0
        below = [depth(sub, sub_file, seen | {key}) + (0 if name is None else own)
                 for name, sub, sub_file in _children(schema, file)]
        return max([own, *below])

    return depth(BY_NAME[collection].schema(), BY_NAME[collection].schema_file, frozenset())


def values_at(value, path: tuple, here: tuple = ()):
    """(location, value) for each value of a record at a schema path (ANY: every list item)."""
    if not path:
        yield here, value
        return
    key, rest = path[0], path[1:]
    if key == ANY:
        if isinstance(value, list):
            for index, item in enumerate(value):
                yield from values_at(item, rest, here + (index,))
    elif isinstance(value, dict) and key in value:
        yield from values_at(value[key], rest, here + (key,))


@cache
def references(collection: str) -> dict:
    """{path: collection referred to} for every value annotated `x-refers-to` in the schema."""
    found: dict = {}

    def walk(schema: dict, path: tuple, file: str, depth: int) -> None:
        if depth > 16:
            return
        if "x-refers-to" in schema:
            found[path] = schema["x-refers-to"]
            return
        schema, file = resolve_ref(schema, file)
        for key, sub, sub_file in _children(schema, file):
            walk(sub, path if key is None else path + (key,), sub_file, depth + 1)

    walk(BY_NAME[collection].schema(), (), BY_NAME[collection].schema_file, 0)
    return found
