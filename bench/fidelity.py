#!/usr/bin/python3
"""bench/fidelity.py — how much of plain Graphviz `dot`'s figure dealgraph draws.

For each static DOT file, both tools draw a PDF:

    dot -Tpdf FILE -o X.dot.pdf                         (timeout 60 s)
    dealgraph render FILE -T pdf --no-book -o OUTDIR    (timeout 120 s)

and the words and colours of the two PDFs are compared (PyMuPDF, `import
fitz`, Debian's python3-fitz):

  (a) words: the share of dot's words that dealgraph draws too, as a
      multiset: sum over words w of min(count_dot(w), count_dg(w)) / dot's
      word count. Words compared exactly; a second figure after Unicode NFC
      normalisation of both sides. Words only dealgraph draws do not count.
  (b) colours: the share of dot's distinct non-grey colours (8-bit RGB,
      max - min channel > 12) that dealgraph's figure has too, within 6 a
      channel. From every path's stroke and fill and every text span's
      colour. Files where dot draws no non-grey colour do not count (n/a).
  (c) raw markup: words in dealgraph's figure that look like record syntax
      (a port `<f0>`, `<here>`, or containing `|`, `{` or `}`) and that dot
      does not draw as the same word.

Targets: (a) >= 0.98, (b) >= 0.9, (c) = 0. A measurement, not a test: the
exit status is 0 unless --check is given and a total misses its target (1),
or on a usage error (2).

Usage: bench/fidelity [--dealgraph PATH] [--keep DIR] [--png DIR]
                      [--json FILE] [--check] [-j N] FILE.gv|DIR ...
"""

import argparse
import collections
import concurrent.futures
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata

try:
    import fitz  # PyMuPDF (Debian: python3-fitz)
except ImportError:  # pragma: no cover - environment problem
    sys.stderr.write("bench/fidelity: needs PyMuPDF for /usr/bin/python3 "
                     "(apt-get install python3-fitz)\n")
    sys.exit(2)

TARGET_A = 0.98
TARGET_B = 0.9
TARGET_C = 0
DOT_TIMEOUT = 60
DG_TIMEOUT = 120
GREY_SPREAD = 12      # non-grey: max(r,g,b) - min(r,g,b) > 12 (0..255)
COLOUR_TOL = 6        # per channel, 0..255
INPUT_SUFFIXES = (".gv", ".dot")

# Record-label syntax that only a tool that does not parse records would draw.
RAW_PORT = re.compile(r"<f\d*>|<[A-Za-z_][A-Za-z0-9_]*>")
RAW_CHARS = re.compile(r"[|{}]")


def is_raw_markup(word):
    return bool(RAW_PORT.search(word) or RAW_CHARS.search(word))


def stem_of(path):
    """dealgraph's folder name for a graph file: lower case, runs of
    characters other than a-z 0-9 . _ turned into one '-'."""
    base = os.path.basename(path)
    base = os.path.splitext(base)[0]
    return re.sub(r"[^a-z0-9._]+", "-", base.lower())


def first_line(text):
    for line in (text or "").splitlines():
        line = line.strip()
        if line:
            return line
    return "(no message)"


# ---------------------------------------------------------------- PDF reading

def to_rgb8(colour):
    """A PyMuPDF colour (float tuple of 1, 3 or 4 components, or an sRGB
    int from a text span) as an 8-bit (r, g, b) tuple, or None."""
    if colour is None:
        return None
    if isinstance(colour, int):
        return ((colour >> 16) & 255, (colour >> 8) & 255, colour & 255)
    c = tuple(float(x) for x in colour)
    if len(c) == 1:
        c = (c[0], c[0], c[0])
    elif len(c) == 4:  # CMYK, naive conversion
        k = c[3]
        c = tuple((1 - min(1.0, x + k)) for x in c[:3])
    elif len(c) != 3:
        return None
    return tuple(max(0, min(255, int(round(x * 255)))) for x in c)


def non_grey(rgb):
    return max(rgb) - min(rgb) > GREY_SPREAD


# get_text("words") in PyMuPDF 1.21 keeps ligatures (TEXT_PRESERVE_LIGATURES
# is in its default flags), so cairo's "ﬁ" glyph reads as U+FB01 and
# "Deﬁned" would not equal "Defined". Without the flag MuPDF spells
# ligatures out.
WORD_FLAGS = fitz.TEXT_PRESERVE_WHITESPACE | fitz.TEXT_MEDIABOX_CLIP

# Pango draws a character that no installed font has as a box with its code
# point in hexadecimal: two stacked rows of 2 or 3 digits 0-9A-F in a small
# monospace font ("4E" over "0B" for U+4E0B), closer together than lines of
# text. Those digits say which fonts this machine lacks, not what the figure
# says, and the tools split them differently ("4 E" in dot, "4E" in
# dealgraph, or run into the next word: "B0JIS"), so they are taken out of
# both sides' words (as separators) and counted.
HEX_ROW = re.compile(r"(?<!\S)[0-9A-F](?: ?[0-9A-F]){1,2}(?!\S)")


def _hexbox_rows(spans):
    """Candidate rows of a box in a line: runs of 2 or 3 hex digits (maybe
    spaced, "4 E") in a monospace span, with white space or the span's ends
    on both sides; as lists of (span, char index)."""
    rows = []
    for si, span in enumerate(spans):
        if "mono" not in span.get("font", "").lower():
            continue
        text = "".join(ch["c"] for ch in span["chars"])
        for m in HEX_ROW.finditer(text):
            rows.append([(si, ci) for ci in range(m.start(), m.end())
                         if not text[ci].isspace()])
    return rows


def hexbox_chars(raw):
    """The (block, line, span, char) indices of a page's missing-glyph-box
    digits, from get_text("rawdict")."""
    rows = []  # (x0 of each digit, baseline y, size, keys)
    for bi, block in enumerate(raw["blocks"]):
        for li, line in enumerate(block.get("lines", ())):
            spans = line.get("spans", ())
            for row in _hexbox_rows(spans):
                chars = [spans[si]["chars"][ci] for si, ci in row]
                rows.append((tuple(round(c["bbox"][0], 1) for c in chars),
                             chars[0]["origin"][1], spans[row[0][0]]["size"],
                             [(bi, li, si, ci) for si, ci in row]))
    out = set()
    for i, (xs, y, size, keys) in enumerate(rows):
        for j, (xs2, y2, _s, _k) in enumerate(rows):
            if i != j and len(xs) == len(xs2) \
                    and all(abs(p - q) < 0.5 for p, q in zip(xs, xs2)) \
                    and 0 < abs(y - y2) < size:
                out.update(keys)
                break
    return out


def read_pdf(path):
    """Words (list of str, reading order of every page), colours (set of
    8-bit RGB tuples), page count and the number of words left out as
    missing-glyph boxes, of a PDF.

    Words are built from get_text("rawdict") as get_text("words") builds
    them (split at white space and at the end of each line), so that a
    missing-glyph box's digits can act as separators."""
    doc = fitz.open(path)  # keep the document alive while pages are used
    words = []
    colours = set()
    boxed = 0
    try:
        for page in doc:
            raw = page.get_text("rawdict", flags=WORD_FLAGS)
            boxes = hexbox_chars(raw)
            for bi, block in enumerate(raw["blocks"]):
                for li, line in enumerate(block.get("lines", ())):
                    cur, in_box = [], False
                    for si, span in enumerate(line.get("spans", ())):
                        for ci, ch in enumerate(span["chars"]):
                            c = ch["c"]
                            if (bi, li, si, ci) in boxes:
                                if cur:
                                    words.append("".join(cur))
                                    cur = []
                                if not in_box:
                                    boxed += 1
                                in_box = True
                                continue
                            if c.isspace():
                                if cur:
                                    words.append("".join(cur))
                                    cur = []
                                # a space inside a box ("4 E") stays in it
                                continue
                            in_box = False
                            cur.append(c)
                    if cur:
                        words.append("".join(cur))
                    for span in line.get("spans", ()):
                        if any(not ch["c"].isspace() for ch in span["chars"]):
                            rgb = to_rgb8(span.get("color"))
                            if rgb is not None:
                                colours.add(rgb)
            for path_ in page.get_drawings():
                for key in ("color", "fill"):
                    rgb = to_rgb8(path_.get(key))
                    if rgb is not None:
                        colours.add(rgb)
        pages = doc.page_count
    finally:
        doc.close()
    return words, colours, pages, boxed


def pdf_pages(path):
    doc = fitz.open(path)
    try:
        return doc.page_count
    finally:
        doc.close()


# ------------------------------------------------------------------- metrics

def word_match(dot_words, dg_words):
    cd = collections.Counter(dot_words)
    cg = collections.Counter(dg_words)
    matched = sum(min(n, cg[w]) for w, n in cd.items())
    missing = collections.Counter({w: n - cg[w] for w, n in cd.items() if n > cg[w]})
    return matched, missing


def colour_match(dot_colours, dg_colours):
    wanted = sorted(c for c in dot_colours if non_grey(c))
    have = list(dg_colours)
    present, absent = [], []
    for c in wanted:
        if any(all(abs(a - b) <= COLOUR_TOL for a, b in zip(c, h)) for h in have):
            present.append(c)
        else:
            absent.append(c)
    return wanted, present, absent


def hexrgb(c):
    return "#%02x%02x%02x" % c


def ratio(num, den):
    return None if den == 0 else num / den


def fmt(x):
    return "n/a" if x is None else "%.3f" % x


# ----------------------------------------------------------------- rendering

def run(cmd, timeout, env=None):
    """(returncode, stderr); returncode None on timeout, -1 if not found."""
    try:
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return None, "timed out after %d s" % timeout
    except OSError as e:
        return -1, str(e)
    return p.returncode, p.stderr.decode("utf-8", "replace")


def find_figure(outdir, stem, ext):
    """The one figure dealgraph wrote under outdir: the only non-book file of
    the kind (for PDFs, the only one with a single page). (path, error)."""
    found = []
    for dirpath, _dirs, files in os.walk(outdir):
        for f in files:
            if f.endswith("." + ext) and not f.startswith("."):
                found.append(os.path.join(dirpath, f))
    found.sort()
    if ext == "pdf":
        single = []
        for f in found:
            try:
                if pdf_pages(f) == 1:
                    single.append(f)
            except Exception:  # unreadable: leave to the caller
                single.append(f)
        found = single
    if len(found) == 1:
        return found[0], None
    expected = os.path.join(outdir, stem, stem + "." + ext)
    if expected in found:
        return expected, None
    if not found:
        return None, "dealgraph wrote no %s figure" % ext.upper()
    return None, "dealgraph wrote %d %s figures (a timeline?)" % (len(found), ext.upper())


def side_by_side(left_png, right_png, out_png):
    """dot's PNG on the left, dealgraph's on the right, on white, with a
    4-pixel grey rule between them."""
    def load(p):
        pix = fitz.Pixmap(p)
        if pix.colorspace is None or pix.colorspace.n != 3:
            pix = fitz.Pixmap(fitz.csRGB, pix)
        if pix.alpha:
            # Flatten onto white: Pixmap(pix, 0) only drops the alpha
            # channel, which would leave transparent areas black.
            pdf = fitz.open()
            page = pdf.new_page(width=pix.width, height=pix.height)
            page.insert_image(page.rect, pixmap=pix)
            flat = page.get_pixmap(alpha=False)
            pdf.close()
            pix = flat
        return pix
    gap = 4
    a = load(left_png) if left_png else None
    b = load(right_png) if right_png else None
    wa = a.width if a else 0
    wb = b.width if b else 0
    h = max(a.height if a else 1, b.height if b else 1)
    out = fitz.Pixmap(fitz.csRGB, fitz.IRect(0, 0, wa + gap + wb, h), False)
    out.clear_with(255)
    out.clear_with(160, fitz.IRect(wa, 0, wa + gap, h))
    if a:
        a.set_origin(0, 0)
        out.copy(a, a.irect)
    if b:
        b.set_origin(wa + gap, 0)
        out.copy(b, b.irect)
    out.save(out_png)


# ------------------------------------------------------------------ per file

def render(item, dealgraph, work, png_dir, env):
    """Run dot and dealgraph on one input file (on a worker thread: only
    subprocesses here, no PyMuPDF, which is not meant for threads)."""
    src, label, key = item
    wdir = os.path.join(work, key)
    os.makedirs(wdir, exist_ok=True)
    dot_pdf = os.path.join(wdir, key + ".dot.pdf")
    dot_png = os.path.join(wdir, key + ".dot.png")
    dg_out = os.path.join(wdir, "dealgraph")
    dg_png_out = os.path.join(wdir, "dealgraph-png")
    # Nothing left from an earlier run in the same --keep directory.
    for f in (dot_pdf, dot_png):
        if os.path.exists(f):
            os.remove(f)
    for d in (dg_out, dg_png_out):
        shutil.rmtree(d, ignore_errors=True)

    out = {"dot_pdf": dot_pdf, "dg_out": dg_out}
    rc, err = run(["dot", "-Tpdf", src, "-o", dot_pdf], DOT_TIMEOUT)
    if rc != 0 or not os.path.exists(dot_pdf):
        out["dot_error"] = first_line(err) if rc is not None else err
        return out
    rc, err = run([dealgraph, "render", src, "-T", "pdf", "--no-book", "-q",
                   "-o", dg_out], DG_TIMEOUT, env)
    if rc != 0:
        out["dg_error"] = ("exit %d: " % rc if rc not in (None, -1) else "") + first_line(err)
    if png_dir:
        rc, _ = run(["dot", "-Tpng", "-Gdpi=72", src, "-o", dot_png], DOT_TIMEOUT)
        out["dot_png"] = dot_png if rc == 0 and os.path.exists(dot_png) else None
        rc, _ = run([dealgraph, "render", src, "-T", "png", "--dpi", "72", "-q",
                     "-o", dg_png_out], DG_TIMEOUT, env)
        out["dg_png_out"] = dg_png_out if rc == 0 else None
    return out


def measure(item, rendered, png_dir):
    """Everything measured for one input file, as a dict (main thread)."""
    src, label, key = item
    stem = stem_of(src)
    r = {"file": label, "path": src}
    if "dot_error" in rendered:
        r["skipped"] = "dot: " + rendered["dot_error"]
        return r
    try:
        dot_words, dot_colours, dot_pages, dot_boxed = read_pdf(rendered["dot_pdf"])
    except Exception as e:
        r["skipped"] = "dot's PDF unreadable: %s" % e
        return r

    dg_words, dg_colours, dg_boxed = [], set(), 0
    dg_error = rendered.get("dg_error")
    if dg_error is None:
        fig, ferr = find_figure(rendered["dg_out"], stem, "pdf")
        if fig is None:
            dg_error = ferr
        else:
            try:
                dg_words, dg_colours, _, dg_boxed = read_pdf(fig)
            except Exception as e:
                dg_error = "dealgraph's PDF unreadable: %s" % e
    if dg_error is not None:
        dg_words, dg_colours = [], set()

    matched, missing = word_match(dot_words, dg_words)
    nfc = lambda ws: [unicodedata.normalize("NFC", w) for w in ws]
    matched_nfc, _ = word_match(nfc(dot_words), nfc(dg_words))
    wanted, present, absent = colour_match(dot_colours, dg_colours)
    dot_set = set(dot_words)
    raw = collections.Counter(w for w in dg_words if is_raw_markup(w) and w not in dot_set)

    r.update({
        "dot_pages": dot_pages,
        "dot_words": len(dot_words),
        "dg_words": len(dg_words),
        "matched": matched,
        "matched_nfc": matched_nfc,
        "a": ratio(matched, len(dot_words)),
        "a_nfc": ratio(matched_nfc, len(dot_words)),
        "dot_colours": len(wanted),
        "present": len(present),
        "b": ratio(len(present), len(wanted)),
        "raw": sum(raw.values()),
        "missing_words": [[w, n] for w, n in
                          sorted(missing.items(), key=lambda x: (-x[1], x[0]))],
        "missing_colours": [hexrgb(c) for c in absent],
        "raw_words": [[w, n] for w, n in sorted(raw.items(), key=lambda x: (-x[1], x[0]))],
        "dealgraph_error": dg_error,
        "hexbox_rows": {"dot": dot_boxed, "dealgraph": dg_boxed},
    })

    if png_dir:
        dot_png = rendered.get("dot_png")
        dg_png = None
        if rendered.get("dg_png_out"):
            dg_png, _ = find_figure(rendered["dg_png_out"], stem, "png")
        if dot_png or dg_png:
            out_png = os.path.join(png_dir, key + ".side.png")
            try:
                side_by_side(dot_png, dg_png, out_png)
                r["side_png"] = out_png
            except Exception as e:
                r["png_error"] = str(e)
    return r


# ------------------------------------------------------------------- driver

def collect_inputs(args):
    files = []
    for a in args:
        if os.path.isdir(a):
            for f in sorted(os.listdir(a)):
                p = os.path.join(a, f)
                if f.endswith(INPUT_SUFFIXES) and os.path.isfile(p):
                    files.append(p)
        elif os.path.isfile(a):
            files.append(a)
        else:
            raise FileNotFoundError(a)
    # One entry per file, sorted by the name shown (parent folder/file).
    seen, items = set(), []
    for p in files:
        rp = os.path.realpath(p)
        if rp in seen:
            continue
        seen.add(rp)
        label = os.path.join(os.path.basename(os.path.dirname(rp)), os.path.basename(rp))
        items.append((rp, label))
    items.sort(key=lambda x: (x[1], x[0]))
    # Work/PNG names: the stem, prefixed with the folder when two files share it.
    stems = collections.Counter(stem_of(p) for p, _ in items)
    out, used = [], set()
    for p, label in items:
        key = stem_of(p)
        if stems[key] > 1:
            key = stem_of(os.path.dirname(p)) + "-" + key
        base, n = key, 2
        while key in used:
            key, n = "%s-%d" % (base, n), n + 1
        used.add(key)
        out.append((p, label, key))
    return out


def main(argv):
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser(
        prog="bench/fidelity",
        description="Compare dealgraph's figures with plain Graphviz dot's on static DOT "
                    "files: words (a), non-grey colours (b), raw record markup (c).")
    ap.add_argument("inputs", nargs="+", metavar="FILE.gv|DIR")
    ap.add_argument("--dealgraph", default=os.path.join(root, "build", "dealgraph"),
                    help="dealgraph binary (default: build/dealgraph of this repo)")
    ap.add_argument("--keep", metavar="DIR", help="work in DIR and keep the PDFs")
    ap.add_argument("--png", metavar="DIR",
                    help="also write DIR/<stem>.side.png: dot left, dealgraph right, 72 dpi")
    ap.add_argument("--json", metavar="FILE", help="write the numbers as JSON")
    ap.add_argument("--check", action="store_true",
                    help="exit 1 when a total misses its target")
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1,
                    help="files measured at once (default: all cores)")
    args = ap.parse_args(argv)

    dealgraph = os.path.abspath(args.dealgraph)
    if not os.access(dealgraph, os.X_OK):
        ap.error("no dealgraph at %s (build it: ninja -C build)" % dealgraph)
    if shutil.which("dot") is None:
        ap.error("Graphviz's dot is not on PATH")
    try:
        items = collect_inputs(args.inputs)
    except FileNotFoundError as e:
        ap.error("no such file or directory: %s" % e)
    if not items:
        ap.error("no .gv or .dot files among the inputs")
    if args.jobs < 1:
        ap.error("--jobs must be at least 1")

    env = dict(os.environ)
    env.setdefault("LC_ALL", "C.UTF-8")
    if "DEALGRAPH_TEMPLATES" not in env and os.path.isdir(os.path.join(root, "templates")):
        env["DEALGRAPH_TEMPLATES"] = os.path.join(root, "templates")

    if args.keep:
        work = os.path.abspath(args.keep)
        os.makedirs(work, exist_ok=True)
    else:
        work = tempfile.mkdtemp(prefix="dg-fidelity.")
    png_dir = None
    if args.png:
        png_dir = os.path.abspath(args.png)
        os.makedirs(png_dir, exist_ok=True)

    t0 = time.monotonic()
    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as ex:
            rendered = list(ex.map(lambda it: render(it, dealgraph, work, png_dir, env), items))
        results = [measure(it, rd, png_dir) for it, rd in zip(items, rendered)]
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    elapsed = time.monotonic() - t0

    report(results, args, elapsed, work if args.keep else None)

    total = totals(results)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({
                "targets": {"a": TARGET_A, "b": TARGET_B, "c": TARGET_C},
                "dealgraph": dealgraph,
                "total": total,
                "files": results,
            }, f, indent=1, ensure_ascii=False, sort_keys=True)
            f.write("\n")

    if args.check and misses(total):
        return 1
    return 0


def totals(results):
    done = [r for r in results if "skipped" not in r]
    words = sum(r["dot_words"] for r in done)
    matched = sum(r["matched"] for r in done)
    matched_nfc = sum(r["matched_nfc"] for r in done)
    colours = sum(r["dot_colours"] for r in done)
    present = sum(r["present"] for r in done)
    return {
        "files": len(done),
        "skipped": len(results) - len(done),
        "dealgraph_failed": sum(1 for r in done if r["dealgraph_error"]),
        "dot_words": words, "matched": matched, "matched_nfc": matched_nfc,
        "a": ratio(matched, words), "a_nfc": ratio(matched_nfc, words),
        "dot_colours": colours, "present": present, "b": ratio(present, colours),
        "files_with_colours": sum(1 for r in done if r["dot_colours"]),
        "raw": sum(r["raw"] for r in done),
        "hexbox_rows_dot": sum(r["hexbox_rows"]["dot"] for r in done),
    }


def misses(t):
    out = []
    if t["a"] is not None and t["a"] < TARGET_A:
        out.append("a")
    if t["b"] is not None and t["b"] < TARGET_B:
        out.append("b")
    if t["raw"] > TARGET_C:
        out.append("c")
    return out


def report(results, args, elapsed, kept):
    done = [r for r in results if "skipped" not in r]
    skipped = [r for r in results if "skipped" in r]
    w = max([len("file"), len("TOTAL")] + [len(r["file"]) for r in results])
    head = ("%-*s %9s %8s %7s %7s %9s %8s %7s %6s"
            % (w, "file", "dot words", "matched", "(a)", "(a)NFC", "dot cols", "present", "(b)", "(c)"))
    print(head)
    print("-" * len(head))
    row = "%-*s %9d %8d %7s %7s %9d %8d %7s %6d%s"
    for r in done:
        note = "  dealgraph failed" if r["dealgraph_error"] else ""
        print(row % (w, r["file"], r["dot_words"], r["matched"], fmt(r["a"]), fmt(r["a_nfc"]),
                     r["dot_colours"], r["present"], fmt(r["b"]), r["raw"], note))
    t = totals(results)
    print("-" * len(head))
    print(row % (w, "TOTAL", t["dot_words"], t["matched"], fmt(t["a"]), fmt(t["a_nfc"]),
                 t["dot_colours"], t["present"], fmt(t["b"]), t["raw"], ""))
    print()
    print("targets: (a) >= %.2f  (b) >= %.2f  (c) = %d;  %d files measured, "
          "%d with non-grey colours in dot's figure, %d skipped, dealgraph failed on %d"
          % (TARGET_A, TARGET_B, TARGET_C, t["files"], t["files_with_colours"],
             t["skipped"], t["dealgraph_failed"]))
    m = misses(t)
    print("totals: (a) %s  (b) %s  (c) %d  -> %s"
          % (fmt(t["a"]), fmt(t["b"]), t["raw"],
             "all met" if not m else "missed: " + ", ".join("(%s)" % x for x in m)))

    if skipped:
        print()
        print("Skipped (dot failed):")
        for r in skipped:
            print("  %s: %s" % (r["file"], r["skipped"]))

    failed = [r for r in done if r["dealgraph_error"]]
    if failed:
        print()
        print("dealgraph failed (counted as 0 words, 0 colours):")
        for r in failed:
            print("  %s: %s" % (r["file"], r["dealgraph_error"]))

    boxed = [r for r in done if r["hexbox_rows"]["dot"] or r["hexbox_rows"]["dealgraph"]]
    if boxed:
        print()
        print("Missing-glyph boxes (no installed font has these characters; their hex")
        print("digits are left out of both sides' words, as separators):")
        for r in boxed:
            print("  %s: %d rows of digits in dot's figure, %d in dealgraph's"
                  % (r["file"], r["hexbox_rows"]["dot"], r["hexbox_rows"]["dealgraph"]))

    below = [r for r in done
             if (r["a"] is not None and r["a"] < TARGET_A)
             or (r["b"] is not None and r["b"] < TARGET_B)
             or r["raw"] > TARGET_C]
    if below:
        print()
        print("Below target:")
        for r in below:
            parts = []
            if r["a"] is not None and r["a"] < TARGET_A:
                parts.append("(a) %s, missing %s" % (fmt(r["a"]), ", ".join(
                    "%r%s" % (wd, " x%d" % n if n > 1 else "")
                    for wd, n in r["missing_words"][:5])))
            if r["b"] is not None and r["b"] < TARGET_B:
                miss = r["missing_colours"]
                parts.append("(b) %s, missing %s%s" % (fmt(r["b"]), " ".join(miss[:5]),
                                                      " …" if len(miss) > 5 else ""))
            if r["raw"] > TARGET_C:
                parts.append("(c) %d: %s" % (r["raw"], ", ".join(
                    "%r%s" % (wd, " x%d" % n if n > 1 else "")
                    for wd, n in r["raw_words"][:5])))
            print("  %s: %s" % (r["file"], "; ".join(parts)))

    pngs = [r for r in done if r.get("side_png")]
    if args.png:
        print()
        print("side-by-side PNGs (dot left, dealgraph right): %d in %s"
              % (len(pngs), os.path.abspath(args.png)))
        for r in done:
            if r.get("png_error"):
                print("  %s: %s" % (r["file"], r["png_error"]))
    if kept:
        print("work files kept in %s" % kept)
    sys.stdout.flush()
    sys.stderr.write("bench/fidelity: %d files in %.1f s\n" % (len(results), elapsed))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
