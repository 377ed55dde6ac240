#!/usr/bin/env python3
"""comment-names-test.py SOURCE_ROOT — comments name only functions and types that exist.

A comment that sends the reader to `shape_path()` or `dg_anim_item_keys`
after a rename sends them nowhere. This reads every comment of the C sources
(src/, include/, tests/, bench/, fuzz targets included) and checks that each
name it cites is in the code: a call-like name (`name()`, `name ()`), and
any of the project's own names (`dg_…`, `Dg…`, `DG_…`). Names of the
libraries we use (GLib, cairo, pango, cgraph, gvc, zlib, libpng, libwebp,
json-glib, Criterion, libc, networkx) are not ours to check: FOREIGN
below tells them apart by their prefixes. Prints each stale name with its
file and line, and exits 1 if there is one.
"""

import glob
import os
import re
import sys

ROOT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..")
SOURCES = [f for d in ("src", "include", "tests", "bench")
           for f in glob.glob(os.path.join(ROOT, d, "**", "*.[ch]"), recursive=True)]

COMMENT = re.compile(r"/\*.*?\*/|//[^\n]*", re.S)
WORD = re.compile(r"\b[A-Za-z_]\w*\b")
OURS = re.compile(r"\b(dg_\w+|Dg[A-Z]\w*|DG_[A-Z0-9_]+)\b")
CALL = re.compile(r"\b([A-Za-z_]\w*)\s?\(\)")
# Other libraries' functions (networkx's too), which comments may cite freely.
FOREIGN = re.compile(r"^(node_link_graph|read_gexf|g_|G_|gdk|pango|Pango|cairo|ag[a-z]|gv[A-Z]|gvc|deflate|inflate|png_|WebP|json_|Json|cr_"
                     r"|xml|str|mem|f[a-z]+$|mk|open|close|read|write|fsync|rename|unlink|link|stat|lstat|fstat"
                     r"|posix_|pthread_|sig|kill|wait|fork|exec|exit|_exit|abort|malloc|free|calloc|realloc"
                     r"|qsort|bsearch|printf|sprintf|snprintf|srand|rand|drand|lrand|isnan|isfinite|pow|sqrt"
                     r"|atan|sin|cos|floor|ceil|round|lround|setlocale|uselocale|getenv|setenv|utim|sync"
                     r"|renameat|linkat|openat|dup|pipe|poll|select|time|clock|nanosleep|sysconf|prctl"
                     r"|setrlimit|getrlimit|ptrace|_?_?asan|__lsan|LLVMFuzzer)")


def main():
    code_names = set()
    comments = []
    for path in SOURCES:
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read()
        # Names in strings count: an environment variable is one.
        code_names.update(WORD.findall(COMMENT.sub(" ", text)))
        for m in COMMENT.finditer(text):
            comments.append((path, text.count("\n", 0, m.start()) + 1, m.group(0)))
    stale = []
    for path, line, comment in comments:
        names = set(OURS.findall(comment)) | {n for n in CALL.findall(comment) if not FOREIGN.match(n)}
        for name in sorted(names):
            if name not in code_names:
                at = line + comment[:comment.find(name)].count("\n")
                stale.append(f"{os.path.relpath(path, ROOT)}:{at}: {name}")
    for s in stale:
        print("FAIL: a comment names what the code does not have:", s)
    print(f"{len(stale)} stale name(s) in {len(comments)} comments of {len(SOURCES)} files"
          if stale else f"ok: every name cited in {len(comments)} comments of {len(SOURCES)} files exists")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
