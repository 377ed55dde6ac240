#!/usr/bin/env python3
"""gexf-networkx.py FILE.gexf — what networkx's own reader finds in a GEXF file, as JSON.

Reads FILE with a plain `networkx.read_gexf(FILE)`, as a user of Debian 12's
python3-networkx (2.8) or of a current networkx would, with nothing
registered or patched, and prints on standard output:

    {"networkx": VERSION, "directed": bool, "mode": "dynamic"|"static",
     "nodes": {ID: {ATTRIBUTE: VALUE, ..., "viz": [the viz keys read]}},
     "edges": [{"u": SOURCE, "v": TARGET, "key": KEY,
                "data": {ATTRIBUTE: VALUE, ..., "viz": [...]}}]}

Spells come out as [[start, end], ...], ints for an integer timeformat,
strings for dates. tests/test-export.c compares this with the graph.

Exits 77 when networkx cannot be imported, 1 when it cannot read FILE.
"""

import json
import sys

try:
    import networkx as nx
except ImportError as err:
    print(f"networkx is not installed for {sys.executable}: {err}", file=sys.stderr)
    sys.exit(77)


def plain(data):
    out = {k: v for k, v in data.items() if k != "viz"}
    out["viz"] = sorted(data.get("viz", {}))
    return out


def main():
    try:
        G = nx.read_gexf(sys.argv[1])
    except Exception as err:  # the reader's own words are the test's message
        print(f"networkx {nx.__version__} cannot read {sys.argv[1]}: {type(err).__name__}: {err}", file=sys.stderr)
        return 1
    edges = []
    for u, v, k, d in G.edges(keys=True, data=True) if G.is_multigraph() else \
            ((u, v, d.get("id"), d) for u, v, d in G.edges(data=True)):
        edges.append({"u": u, "v": v, "key": k, "data": plain(d)})
    json.dump({"networkx": nx.__version__, "directed": G.is_directed(), "mode": G.graph.get("mode"),
               "nodes": {n: plain(d) for n, d in G.nodes(data=True)}, "edges": edges},
              sys.stdout, ensure_ascii=False, sort_keys=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
