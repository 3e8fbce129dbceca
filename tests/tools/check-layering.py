#!/usr/bin/env python3
"""Checks that includes point one way: core's folders from the bottom up (a folder includes
only its own level and those below), core never includes Qt, the command line or the GUI, and
the GUI never includes the command line. Prints every include that breaks the order and exits 1.
Usage: check-layering.py SOURCE_DIR"""
import pathlib
import re
import sys

# Lowest first. A subfolder belongs to its parent's level unless it is listed itself.
CORE_LEVELS = ["util", "schema", "layers", "data", "model", "registry", "train", "project", "graph",
               "quant", "io",
               "io/export", "deploy"]


def level_of(rel):
    """Index of the level of a path under core/ ('io/export/onnxgraph.h' -> 9)."""
    folder = str(pathlib.PurePosixPath(rel).parent)
    best = None
    for i, name in enumerate(CORE_LEVELS):
        if folder == name or folder.startswith(name + "/"):
            if best is None or len(name) > len(CORE_LEVELS[best]):
                best = i
    return best


def main():
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    include = re.compile(r'^\s*#\s*include\s+[<"]([^>"]+)[>"]', re.M)
    problems = []
    for top in ["core", "cli", "ui", "app"]:
        for path in sorted((root / top).rglob("*")):
            if path.suffix not in (".h", ".cpp"):
                continue
            rel = path.relative_to(root).as_posix()
            for target in include.findall(path.read_text()):
                if top == "core":
                    if re.match(r"Q[A-Za-z]|Qt", target):
                        problems.append(f"{rel}: includes Qt ({target}); core is pure C++")
                    elif target.startswith(("ui/", "cli/", "app/")):
                        problems.append(f"{rel}: includes {target}; core depends on nothing above it")
                    elif target.startswith("core/"):
                        here = level_of(rel[len("core/"):])
                        there = level_of(target[len("core/"):])
                        if here is None or there is None:
                            problems.append(f"{rel}: {target}: folder not in the layer order "
                                            "(add it to CORE_LEVELS in tests/tools/check-layering.py)")
                        elif there > here:
                            problems.append(
                                f"{rel}: includes {target}: core/{CORE_LEVELS[here]} is below "
                                f"core/{CORE_LEVELS[there]}")
                elif top in ("ui", "cli") and target.startswith(("app/",)):
                    problems.append(f"{rel}: includes {target}; app/ holds only main()s")
                elif top == "ui" and target.startswith("cli/"):
                    problems.append(f"{rel}: includes {target}; the GUI does not use the CLI's code")
                elif top == "cli" and target.startswith("ui/"):
                    problems.append(f"{rel}: includes {target}; the CLI does not use the GUI")
    for p in problems:
        print(p)
    if problems:
        print(f"{len(problems)} includes break the layering (core: "
              + " < ".join(CORE_LEVELS) + ")")
        return 1
    print("layering ok: core " + " < ".join(CORE_LEVELS) + "; cli, ui above core; app on top")
    return 0


if __name__ == "__main__":
    sys.exit(main())
