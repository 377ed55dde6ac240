#!/usr/bin/python3
"""read-pdf.py — what a PDF tells a reader, as JSON, read by MuPDF (Debian's python3-fitz).

Usage: read-pdf.py FILE.pdf. Prints one JSON object (ASCII) on standard output:
  "metadata": the document information (title, subject, keywords, creator, ...);
  "marked": the catalog's /MarkInfo /Marked; "lang": the catalog's /Lang or null;
  "struct": the structure tree from /StructTreeRoot, each element
      {"S": type, "alt": /Alt or null, "page": 0-based page of /Pg or null,
       "mcids": [marked-content ids], "kids": [elements]}, or null without one;
  "pages": per page {"text": extracted text, "bdc": marked-content sequences begun,
      "nesting": true when q/Q, BT/ET and BDC/EMC nest properly in the content}.
Exits 77 (skip) when fitz is missing, 1 when the file cannot be read.
"""
import json
import re
import sys

try:
    import fitz  # PyMuPDF
except ImportError:
    sys.stderr.write("read-pdf.py: python3-fitz is missing\n")
    sys.exit(77)


def ref(value):
    m = re.fullmatch(r"(\d+) 0 R", value.strip())
    return int(m.group(1)) if m else None


def split_array(value):
    inner = value.strip()[1:-1]
    return re.findall(r"\d+ 0 R|<<.*?>>|\d+", inner)


def pdf_text(doc, xref, key):
    kind, value = doc.xref_get_key(xref, key)
    if kind == "null":
        return None
    if kind == "string":
        return value
    return value


def element(doc, xref, pages, depth=0):
    if depth > 50:
        raise ValueError("structure deeper than 50")
    kind, s = doc.xref_get_key(xref, "S")
    out = {"S": s.lstrip("/") if kind == "name" else None, "alt": pdf_text(doc, xref, "Alt"), "page": None, "mcids": [], "kids": []}
    kind, pg = doc.xref_get_key(xref, "Pg")
    if kind == "xref":
        out["page"] = pages.get(ref(pg))
    kind, k = doc.xref_get_key(xref, "K")
    items = []
    if kind == "xref":
        items = [k]
    elif kind == "int":
        items = [k]
    elif kind == "array":
        items = split_array(k)
    elif kind == "dict":
        items = [k]
    for item in items:
        r = ref(item) if "R" in item else None
        if r is not None:
            out["kids"].append(element(doc, r, pages, depth + 1))
        elif item.startswith("<<"):
            m = re.search(r"/MCID (\d+)", item)
            if m:
                out["mcids"].append(int(m.group(1)))
        else:
            out["mcids"].append(int(item))
    return out


def nesting(content):
    stack = []
    pairs = {b"Q": b"q", b"ET": b"BT", b"EMC": b"BDC"}
    for tok in re.findall(rb"(?<![A-Za-z])(q|Q|BT|ET|BDC|EMC)(?![A-Za-z])", content):
        if tok in pairs:
            if not stack or stack[-1] != pairs[tok]:
                return False
            stack.pop()
        else:
            stack.append(tok)
    return not stack


def main():
    try:
        doc = fitz.open(sys.argv[1])
    except Exception as e:  # noqa: BLE001 - any reader error is the answer
        sys.stderr.write(f"read-pdf.py: {sys.argv[1]}: {e}\n")
        return 1
    pages = {page.xref: i for i, page in enumerate(doc)}
    cat = doc.pdf_catalog()
    kind, mark = doc.xref_get_key(cat, "MarkInfo/Marked")
    kind_lang, lang = doc.xref_get_key(cat, "Lang")
    result = {
        "metadata": doc.metadata,
        "marked": mark == "true",
        "lang": lang if kind_lang != "null" else None,
        "struct": None,
        "pages": [],
    }
    kind, root = doc.xref_get_key(cat, "StructTreeRoot")
    if kind == "xref":
        result["struct"] = element(doc, ref(root), pages)
    for page in doc:
        content = page.read_contents()
        result["pages"].append({
            "text": page.get_text(),
            "bdc": len(re.findall(rb"(?<![A-Za-z])BDC(?![A-Za-z])", content)),
            "nesting": nesting(content),
        })
    json.dump(result, sys.stdout, ensure_ascii=True, sort_keys=True)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
