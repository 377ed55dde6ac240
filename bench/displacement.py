#!/usr/bin/env python3
"""bench/displacement.py — mean node displacement between consecutive stages.

  displacement.py plain STAGE.plain…   Graphviz -Tplain files, in stage order
  displacement.py json EXPORT.json     `dealgraph export -T json --layout …`

Prints the mean distance, in points, that a party present at two consecutive
stages moves between them (0 when it never moves); 0 when no party is ever
present at two consecutive stages.
"""
import json
import shlex
import sys


def plain_positions(path):
    """Node centres of a -Tplain file, in points (plain gives inches)."""
    pos = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("node "):
                w = shlex.split(line)
                pos[w[1]] = (float(w[2]) * 72.0, float(w[3]) * 72.0)
    return pos


def json_positions(path):
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    return [{p["id"]: (p["x"], p["y"]) for p in g["parties"]} for g in doc["layout"]["geometry"]]


def mean_displacement(stages):
    total, n = 0.0, 0
    for a, b in zip(stages, stages[1:]):
        for name in a.keys() & b.keys():
            (x0, y0), (x1, y1) = a[name], b[name]
            total += ((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5
            n += 1
    return total / n if n else 0.0


def main(argv):
    if len(argv) < 3 or argv[1] not in ("plain", "json"):
        sys.exit(__doc__)
    if argv[1] == "plain":
        stages = [plain_positions(p) for p in argv[2:]]
    else:
        stages = json_positions(argv[2])
    print(f"{mean_displacement(stages):.2f}")


if __name__ == "__main__":
    main(sys.argv)
