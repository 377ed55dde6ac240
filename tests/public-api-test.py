#!/usr/bin/env python3
# public-api-test.py — libdealgraph shows exactly its headers, and each public type the shape it promises.
#
# Usage: public-api-test.py LIBDEALGRAPH.so SOURCE_ROOT BUILD_ROOT CC [CC_ARGS…]
#
# The declarations come from the compiler itself (GCC's -aux-info lists every
# function a translation unit declares, with its file), not from the script
# that writes the linker's version script (src/symbols.py), so the two check
# each other. Each header is compiled on its own, as C11 with -Wall -Wextra
# -pedantic -Werror, so it must stand alone and clean, and one that
# dealgraph.h forgets to include still counts. Exit status 77 (skipped) when the
# compiler has no -aux-info (clang) or nm is missing.
#
# Checks, each failing with what is wrong and where:
#   1. every exported symbol is a declared function (no private helper,
#      no variable leaks out of the shared library);
#   2. every declared function is exported;
#   3. every opaque type (typedef struct DgX DgX) has a free function
#      (dg_…_free, or dg_…_unref) declared, and g_autoptr() through
#      G_DEFINE_AUTOPTR_CLEANUP_FUNC with it (dealgraph.h, "Lifetimes");
#   4. every options struct (Dg…Options with a DG_…_OPTIONS_INIT) has its
#      dg_…_options_init() (dealgraph.h, "Options");
#   5. dealgraph.h, "the whole public API", includes every other header.
import os
import re
import shutil
import subprocess
import sys
import tempfile

DECL = re.compile(r"^/\* (.*?):(\d+):NC \*/ extern .*?\b([A-Za-z_]\w*) \(")
OPAQUE = re.compile(r"typedef struct (Dg\w+) \1;")
AUTOPTR = re.compile(r"G_DEFINE_AUTOPTR_CLEANUP_FUNC \((Dg\w+), (\w+)\)")
OPTIONS_INIT = re.compile(r"#define (DG_(\w+)_OPTIONS_INIT)\b")


def skip(why):
    print("skip: " + why)
    sys.exit(77)


def declarations(cc, headers, include_dirs):
    """{function name: header} of every function the public headers declare."""
    flags = subprocess.run(["pkg-config", "--cflags", "glib-2.0"], capture_output=True, text=True, check=True)
    found = {}
    with tempfile.TemporaryDirectory(prefix="dg-public-api-") as tmp:
        for header in headers:
            source = os.path.join(tmp, "one.c")
            aux = os.path.join(tmp, "aux.txt")
            with open(source, "w") as f:
                f.write('#include "%s"\n' % header)
            cmd = (cc + ["-std=c11", "-Wall", "-Wextra", "-pedantic", "-Werror", "-fsyntax-only", "-aux-info", aux]
                   + ["-I" + d for d in include_dirs] + flags.stdout.split() + [source])
            run = subprocess.run(cmd, capture_output=True, text=True)
            if run.returncode != 0:
                if "aux-info" in run.stderr:
                    skip("the compiler has no -aux-info: " + " ".join(cc))
                print("FAIL: %s does not compile alone:\n%s" % (header, run.stderr))
                sys.exit(1)
            with open(aux, encoding="utf-8", errors="replace") as f:
                for line in f:
                    m = DECL.match(line)
                    if m and os.path.realpath(m.group(1)).startswith(os.path.dirname(os.path.realpath(header)) + os.sep):
                        found.setdefault(m.group(3), os.path.basename(m.group(1)))
    return found


def exported(lib):
    nm = shutil.which("nm")
    if nm is None:
        skip("no nm")
    run = subprocess.run([nm, "-D", "--defined-only", lib], capture_output=True, text=True, check=True)
    symbols = {}
    for line in run.stdout.splitlines():
        parts = line.split()
        if len(parts) == 3:
            symbols[parts[2]] = parts[1]
    return symbols


def main():
    lib, source_root, build_root, cc = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    include = os.path.join(source_root, "include", "dealgraph")
    headers = sorted(os.path.join(include, h) for h in os.listdir(include) if h.endswith(".h"))
    declared = declarations(cc, headers, [os.path.join(source_root, "include"), include, build_root])
    symbols = exported(lib)
    failures = []

    for name in sorted(set(symbols) - set(declared)):
        kind = "variable" if symbols[name] in "BDGRSV" else "function"
        failures.append("%s: exported %s that no header in include/dealgraph/ declares" % (name, kind))
    for name in sorted(set(declared) - set(symbols)):
        failures.append("%s: declared in include/dealgraph/%s but not exported by %s" % (name, declared[name], lib))

    texts = {}
    for header in headers:
        with open(header, encoding="utf-8") as f:
            texts[os.path.basename(header)] = f.read()
    frees = {}
    for text in texts.values():
        for m in AUTOPTR.finditer(text):
            frees[m.group(1)] = m.group(2)
    for header, text in texts.items():
        for m in OPAQUE.finditer(text):
            type_name = m.group(1)
            free = frees.get(type_name)
            if free is None:
                failures.append("%s (%s): no G_DEFINE_AUTOPTR_CLEANUP_FUNC, so no g_autoptr()" % (type_name, header))
            elif not re.fullmatch(r"dg_\w+_(free|unref)", free) or free not in declared:
                failures.append("%s (%s): its cleanup %s is not a declared dg_…_free or dg_…_unref" % (type_name, header, free))
        for m in OPTIONS_INIT.finditer(text):
            init = "dg_%s_options_init" % m.group(2).lower()
            if init not in declared:
                failures.append("%s (%s): no %s() beside it" % (m.group(1), header, init))

    for header in texts:
        if header != "dealgraph.h" and '#include "%s"' % header not in texts["dealgraph.h"]:
            failures.append("dealgraph.h does not include %s" % header)

    for failure in failures:
        print("FAIL: " + failure)
    if failures:
        print("%d problem(s); %d symbols exported, %d functions declared" % (len(failures), len(symbols), len(declared)))
        return 1
    print("ok: %d functions declared in %d headers, the same %d exported; every opaque type freeable with "
          "g_autoptr, every options struct with its _options_init" % (len(declared), len(headers), len(symbols)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
