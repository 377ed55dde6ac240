#!/usr/bin/env python3
"""roundtrip.py — `dealgraph export` read back by independent readers.

networkx (Debian's python3-networkx) reads the GEXF, the GraphML and the JSON
(as node-link data) and must find the same parties, ties and attributes at
every stage; xmllint must accept the XML; `neato -n2` must keep the DOT
export's node positions (within 1 pt of our layout).

The truth is written out below for tests/data/export/dated-deal.gv; for the
deal fixture (tests/data/good/deal-fixture.gv) the formats are checked against
each other and a few facts, and for the showcase in graphs/, which may change,
against each other only.

The GEXF is read as a user reads it, with a plain networkx.read_gexf(): it is
GEXF 1.2draft, the version networkx 2.8 (Debian 12) and networkx 3 both read.

Usage: roundtrip.py DEALGRAPH SOURCE_ROOT WORKDIR. Exit 77 (skipped) when
networkx, xmllint or neato is missing, except under CI (CI=true), where
.ci/run installs them and a missing one fails the test.
"""

import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

# Skipped, or failed under CI, where .ci/run installs every reader.
SKIP = 1 if os.environ.get("CI") == "true" else 77

try:
    import networkx as nx
    from networkx.readwrite import json_graph
except ImportError:
    print(f"{'FAIL' if SKIP == 1 else 'SKIP'}: python3-networkx is not installed")
    sys.exit(SKIP)
for tool in ("xmllint", "neato"):
    if shutil.which(tool) is None:
        print(f"{'FAIL' if SKIP == 1 else 'SKIP'}: {tool} is not installed")
        sys.exit(SKIP)

DEALGRAPH, ROOT, WORK = sys.argv[1], sys.argv[2], sys.argv[3]
os.makedirs(WORK, exist_ok=True)
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


def export(graph, fmt, *extra):
    name = os.path.splitext(os.path.basename(graph))[0]
    suffix = "".join(x.replace("/", "_") for x in extra)
    out = os.path.join(WORK, f"{name}{suffix}.{fmt}")
    r = subprocess.run([DEALGRAPH, "export", graph, "-T", fmt, "-o", out, *extra],
                       capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"dealgraph export {graph} -T {fmt} {extra} failed ({r.returncode}): {r.stderr}")
    return out


def xmllint(path):
    r = subprocess.run(["xmllint", "--noout", path], capture_output=True, text=True)
    check(r.returncode == 0, f"xmllint rejects {path}: {r.stderr.strip()}")


# ---- reading each format into one shape ------------------------------------
# A view of one stage: {"parties": {id: {attrs}}, "ties": {key: {attrs}}} with
# the attributes every format carries: kind, and for ties source, target,
# terms, value text and amount.

def tie_view(source, target, kind, terms, value, amount):
    return {"source": source, "target": target, "kind": kind, "terms": terms or "",
            "value": value, "amount": amount}


def node_link(doc):
    """networkx reads our JSON as node-link data. The array of ties is
    "links", the name networkx 2.8 (Debian 12) expects; 3.4 and later expect
    "edges" unless told, with a keyword 2.8 does not know."""
    try:
        return json_graph.node_link_graph(doc, edges="links")
    except TypeError:
        return json_graph.node_link_graph(doc, link="links")


def json_view(doc, stage):
    G = node_link(doc)
    parties = {n: {"kind": d.get("kind"), "label": d.get("label")}
               for n, d in G.nodes(data=True) if stage is None or stage in d["stages"]}
    ties = {}
    for u, v, k, d in G.edges(keys=True, data=True):
        if stage is not None and stage not in d["stages"]:
            continue
        val = d["value"]
        ties[k] = tie_view(u, v, d.get("kind"), ", ".join(d["terms"]),
                           val["text"] if val else None, val["amount"] if val else None)
    return {"parties": parties, "ties": ties}


def stage_times(doc):
    """GEXF time of each stage, by the documented rule: dates when every stage
    has one and they increase (a date stands for its first day), else the
    stage index."""
    def day(d):
        parts = d.split("-") + ["01", "01"]
        return "-".join(parts[:3])
    dates = [s["date"] for s in doc["stages"]]
    if not doc["graph"]["static"] and all(dates):
        days = [day(d) for d in dates]
        if all(a < b for a, b in zip(days, days[1:])):
            return days, "date"
    return list(range(len(dates))), "integer"


GEXF_NS = {"g": "http://www.gexf.net/1.2draft", "viz": "http://www.gexf.net/1.2draft/viz"}


def read_gexf(path):
    root = ET.parse(path).getroot()
    check(root.tag == "{%s}gexf" % GEXF_NS["g"] and root.get("version") == "1.2",
          f"{path} is not GEXF 1.2draft: {root.tag} version {root.get('version')}")
    graph = root.find("g:graph", GEXF_NS)
    check(graph is not None and graph.get("mode") == "dynamic", f"{path}: graph mode is not dynamic")
    return nx.read_gexf(path), graph.get("timeformat") if graph is not None else None


def gexf_view(G, t):
    def active(d):
        return any(start <= t <= end for start, end in d.get("spells", []))
    parties = {n: {"kind": d.get("kind"), "label": d.get("label")}
               for n, d in G.nodes(data=True) if active(d)}
    ties = {}
    for u, v, k, d in G.edges(keys=True, data=True):
        if active(d):
            ties[k] = tie_view(u, v, d.get("kind"), d.get("terms"), d.get("value"), d.get("amount"))
    return {"parties": parties, "ties": ties}


def graphml_view(path):
    G = nx.read_graphml(path, force_multigraph=True)
    party = {n: d["party"] for n, d in G.nodes(data=True)}
    parties = {d["party"]: {"kind": d.get("kind"), "label": d.get("label")} for n, d in G.nodes(data=True)}
    ties = {}
    for u, v, k, d in G.edges(keys=True, data=True):
        ties[k] = tie_view(party[u], party[v], d.get("kind"), d.get("terms"), d.get("value"), d.get("amount"))
    return {"parties": parties, "ties": ties}, G


def same(a, b, what):
    check(set(a["parties"]) == set(b["parties"]),
          f"{what}: parties differ: {sorted(a['parties'])} vs {sorted(b['parties'])}")
    for p in set(a["parties"]) & set(b["parties"]):
        check(a["parties"][p] == b["parties"][p], f"{what}: party {p!r}: {a['parties'][p]} vs {b['parties'][p]}")
    check(set(a["ties"]) == set(b["ties"]), f"{what}: ties differ: {sorted(a['ties'])} vs {sorted(b['ties'])}")
    for k in set(a["ties"]) & set(b["ties"]):
        check(a["ties"][k] == b["ties"][k], f"{what}: tie {k}: {a['ties'][k]} vs {b['ties'][k]}")


# ---- the checks --------------------------------------------------------------

def check_graph(graph, truth=None):
    name = os.path.basename(graph)
    doc_path = export(graph, "json", "--layout", "union")
    with open(doc_path, encoding="utf-8") as f:
        doc = json.load(f)
    check(doc["format"] == "dealgraph" and doc["version"] == 1, f"{name}: JSON format/version")
    stages = [s["id"] for s in doc["stages"]]
    times, timeformat = stage_times(doc)

    gexf_path = export(graph, "gexf")
    xmllint(gexf_path)
    G, fmt = read_gexf(gexf_path)
    check(fmt == timeformat, f"{name}: GEXF timeformat {fmt}, expected {timeformat}")

    union_graphml = export(graph, "graphml")
    xmllint(union_graphml)
    union_view, UG = graphml_view(union_graphml)
    same(union_view, json_view(doc, None), f"{name}: GraphML union vs JSON")
    # Typed keys: amounts come back as floats, lines as ints.
    for _, _, d in UG.edges(data=True):
        if "amount" in d:
            check(isinstance(d["amount"], float), f"{name}: GraphML amount is not a double")
        check(isinstance(d.get("line", 0), int), f"{name}: GraphML line is not an int")

    for s, stage in enumerate(stages):
        jv = json_view(doc, stage)
        if truth is not None:
            same(jv, truth[stage], f"{name} @ {stage}: JSON vs truth")
        same(gexf_view(G, times[s]), jv, f"{name} @ {stage}: GEXF vs JSON")
        gm = export(graph, "graphml", "--stage", stage)
        xmllint(gm)
        same(graphml_view(gm)[0], jv, f"{name} @ {stage}: GraphML vs JSON")

    # Styling made it through to GEXF's viz module.
    for n, d in G.nodes(data=True):
        viz = d.get("viz", {})
        check("color" in viz and "position" in viz and "size" in viz, f"{name}: GEXF node {n!r} lacks viz data")
    for u, v, d in G.edges(data=True):
        check(0 < d.get("weight", 0) <= 1, f"{name}: GEXF edge {d.get('id')} weight {d.get('weight')}")
    # networkx reads no viz data on edges: ElementTree does.
    ns = GEXF_NS
    for edge in ET.parse(gexf_path).getroot().iterfind("g:graph/g:edges/g:edge", ns):
        color, thick = edge.find("viz:color", ns), edge.find("viz:thickness", ns)
        shape = edge.find("viz:shape", ns)
        check(color is not None and thick is not None and float(thick.get("value")) > 0
              and shape is not None and shape.get("value") in ("solid", "dotted", "dashed", "double"),
              f"{name}: GEXF edge {edge.get('id')} lacks viz data")

    # DOT: neato -n2 keeps our positions, union and per stage.
    geometry = {g["stage"]: g for g in doc["layout"]["geometry"]}
    for stage in [None] + stages:
        extra = ("--stage", stage) if stage else ()
        dot = export(graph, "dot", *extra)
        r = subprocess.run(["neato", "-n2", "-Tjson", dot], capture_output=True, text=True)
        check(r.returncode == 0, f"{name}: neato -n2 fails on {dot}: {r.stderr}")
        if r.returncode != 0:
            continue
        out = json.loads(r.stdout)
        placed = {o["name"]: tuple(float(x) for x in o["pos"].split(",")) for o in out.get("objects", [])
                  if "pos" in o}
        geo = geometry[stage or stages[0]]
        height = geo["bbox"][3]
        ours = {p["id"]: (p["x"], height - p["y"]) for p in geo["parties"]}
        if stage is None:
            # The union layout: every party of every stage, at the same place.
            ours = {}
            for g in doc["layout"]["geometry"]:
                ours.update({p["id"]: (p["x"], height - p["y"]) for p in g["parties"]})
        check(set(placed) == set(ours), f"{name} dot {stage}: nodes {sorted(placed)} vs {sorted(ours)}")
        for n in set(placed) & set(ours):
            dx, dy = placed[n][0] - ours[n][0], placed[n][1] - ours[n][1]
            check(abs(dx) <= 1 and abs(dy) <= 1, f"{name} dot {stage}: {n!r} moved by ({dx:.2f}, {dy:.2f})")
    return doc


def dated_deal_truth():
    lab = "Lab"
    parties = {
        "Lab": {"kind": "lab", "label": 'Q&A <Labs> "quoted" back\\slash'},
        "BigCo": {"kind": "company", "label": "BigCo"},
        "Cloud": {"kind": "cloud", "label": "Cloud"},
        "Fund": {"kind": "investor", "label": "Fund"},
    }
    ties = {
        "t0": tie_view("Fund", lab, "investment", "", "$10B", 1e10),
        "t1": tie_view("BigCo", lab, "stake", "", "49%", 49.0),
        "t2": tie_view("BigCo", lab, "stake", "", "about 100%", 100.0),
        "t3": tie_view(lab, "BigCo", "license", "exclusive, capped", None, None),
        "t4": tie_view(lab, "Cloud", "channel", "", "about 1,200", 1200.0),
        "t5": tie_view("BigCo", lab, "investment", "", "up to €3bn", 3e9),
    }

    def at(ps, ts):
        return {"parties": {p: parties[p] for p in ps}, "ties": {t: ties[t] for t in ts}}
    return {
        "seed": at(["Lab", "BigCo", "Fund"], ["t0"]),
        "series": at(["Lab", "BigCo", "Cloud", "Fund"], ["t0", "t1", "t3", "t4", "t5"]),
        "buyout": at(["Lab", "BigCo", "Cloud"], ["t2", "t3", "t4", "t5"]),
    }


def main():
    print(f"networkx {nx.__version__}, python {sys.version.split()[0]}")
    fixture = os.path.join(ROOT, "tests", "data", "export", "dated-deal.gv")
    doc = check_graph(fixture, dated_deal_truth())
    lab = next(n for n in doc["nodes"] if n["id"] == "Lab")
    check(lab["provenance"]["note"] is not None, "dated-deal: the Lab's note is lost")
    fund = next(n for n in doc["nodes"] if n["id"] == "Fund")
    check(fund["provenance"]["source"] == 'A <source> with "quotes"', "dated-deal: Fund's source")
    t5 = next(t for t in doc["links"] if t["key"] == "t5")
    check(t5["value"] == {"text": "up to €3bn", "amount": 3e9, "unit": "currency", "currency": "€",
                          "qualifier": "up_to"}, f"dated-deal: t5 value {t5['value']}")

    deal = os.path.join(ROOT, "tests", "data", "good", "deal-fixture.gv")
    doc = check_graph(deal)
    check([s["id"] for s in doc["stages"]] == ["before", "amazon", "agreement", "y2030", "y2032"],
          "deal fixture: stages")
    check(len(doc["nodes"]) == 6 and len(doc["links"]) == 13, "deal fixture: 6 parties, 13 ties")
    amazon = next(t for t in doc["links"] if t["source"] == "Amazon")
    check(amazon["value"]["amount"] == 5e10 and amazon["value"]["qualifier"] == "up_to",
          f"deal fixture: Amazon's investment {amazon['value']}")

    # The showcase, whatever it holds today: the formats agree.
    for name in sorted(os.listdir(os.path.join(ROOT, "graphs"))):
        if name.endswith(".gv"):
            check_graph(os.path.join(ROOT, "graphs", name))

    # Hostile labels: every export that loads must stay well-formed.
    hostile = os.path.join(ROOT, "tests", "data", "hostile")
    for f in sorted(os.listdir(hostile)):
        path = os.path.join(hostile, f)
        with open(path, encoding="utf-8", errors="replace") as fh:
            if "expect: ok" not in fh.readline():
                continue
        for fmt in ("gexf", "graphml"):
            xmllint(export(path, fmt))
        with open(export(path, "json"), encoding="utf-8") as fh:
            node_link(json.load(fh))
        r = subprocess.run(["neato", "-n2", "-Tdot", export(path, "dot")], capture_output=True, text=True)
        check(r.returncode == 0, f"{f}: neato -n2 rejects the DOT export: {r.stderr.strip()[:300]}")

    if failures:
        print(f"{len(failures)} failure(s)")
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
