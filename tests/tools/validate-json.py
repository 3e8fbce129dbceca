#!/usr/bin/env python3
"""Validates JSON files against one of BYOM's JSON Schemas (draft 2020-12), offline.

Usage: validate-json.py SCHEMA[#/JSON/POINTER] [FILE...]

Every *.schema.json next to SCHEMA is checked against the draft 2020-12 meta-schema and made
available to relative "$ref"s ("model.schema.json#/$defs/layer"), so nothing is fetched. A
fragment selects a definition, e.g. docs/project.schema.json#/$defs/run_manifest. Prints one
line per file: "valid FILE" or "invalid FILE: PATH: MESSAGE" (the most relevant error).
Exit status: 0 when the schemas are valid (whatever the files are), 1 when a schema is not,
3 when the jsonschema module is missing (Debian: python3-jsonschema).
"""

import json
import pathlib
import sys

try:
    import jsonschema
except ImportError:
    print("the python3 module jsonschema is missing (Debian: apt-get install python3-jsonschema)",
          file=sys.stderr)
    sys.exit(3)

Validator = jsonschema.Draft202012Validator


def load(path):
    return json.loads(pathlib.Path(path).read_text(encoding="utf-8"))


def validator_for(schema_arg):
    path, _, fragment = schema_arg.partition("#")
    path = pathlib.Path(path).resolve()
    # Each schema keyed by its file URI, given that URI as its base so that relative
    # references resolve between the files.
    store = {}
    for p in sorted(path.parent.glob("*.schema.json")):
        contents = load(p)
        Validator.check_schema(contents)
        uri = p.resolve().as_uri()
        store[uri] = dict(contents, **{"$id": uri})
    root_uri = path.as_uri()
    root = store[root_uri] if not fragment else {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$ref": root_uri + "#" + fragment,
    }
    try:  # jsonschema >= 4.18
        from referencing import Registry, Resource
        registry = Registry().with_resources(
            (uri, Resource.from_contents(s)) for uri, s in store.items())
        return Validator(root, registry=registry)
    except ImportError:  # older jsonschema (Debian 12 has 4.10)
        # The referrer is stored under base_uri: a fragment's wrapper must not replace the file.
        base = root_uri if not fragment else ""
        resolver = jsonschema.RefResolver(base_uri=base, referrer=root, store=store)
        return Validator(root, resolver=resolver)


def short(text, limit=300):
    return text if len(text) <= limit else text[:limit] + "..."


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        validator = validator_for(argv[1])
    except jsonschema.SchemaError as e:
        print("invalid schema: " + short(str(e.message)), file=sys.stderr)
        return 1
    for name in argv[2:]:
        e = jsonschema.exceptions.best_match(validator.iter_errors(load(name)))
        if e is None:
            print("valid " + name)
            continue
        where = "/" + "/".join(str(p) for p in e.absolute_path)
        print("invalid " + name + ": " + where + ": " + short(e.message))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
