#!/usr/bin/env python3
# readme-c-test.py — every C example of the README compiles against the built library and runs.
#
# Usage: readme-c-test.py README SOURCE_ROOT BUILD_ROOT DEAL_GV CC [CC_ARGS…]
#
# Each ```c block of README.md is a whole program. It is compiled as a
# reader would compile it against an installed dealgraph, but with the
# build tree's headers and library (include/, the configured version.h,
# libdealgraph.so; glib's flags from pkg-config), as C11 with -Wall -Wextra
# -pedantic -Werror, so that no example teaches a warning. It then runs in
# an empty folder of its own with DEAL_GV (the unit tests' deal) as its one
# argument, and must exit 0 and print something. Messages name the example
# by its first line.
import os
import re
import subprocess
import sys
import tempfile

BLOCK = re.compile(r"^```c\n(.*?)^```", re.S | re.M)


def main():
    readme, source_root, build_root, deal, cc = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:]
    with open(readme, encoding="utf-8") as f:
        text = f.read()
    examples = BLOCK.findall(text)
    if not examples:
        print("FAIL: %s has no ```c example" % readme)
        return 1
    glib = subprocess.run(["pkg-config", "--cflags", "--libs", "glib-2.0"], capture_output=True, text=True,
                          check=True).stdout.split()
    failures = 0
    with tempfile.TemporaryDirectory(prefix="dg-readme-c-") as tmp:
        for i, code in enumerate(examples):
            first = code.splitlines()[0]
            line = text[: text.index(code)].count("\n") + 1
            what = "README.md:%d (%s)" % (line, first)
            folder = os.path.join(tmp, "example-%d" % i)
            os.mkdir(folder)
            source = os.path.join(folder, "example.c")
            program = os.path.join(folder, "example")
            with open(source, "w", encoding="utf-8") as f:
                f.write(code)
            cmd = (cc + ["-std=c11", "-Wall", "-Wextra", "-pedantic", "-Werror", source, "-o", program,
                         "-I" + os.path.join(source_root, "include"), "-I" + build_root]
                   + glib + ["-L" + build_root, "-ldealgraph", "-Wl,-rpath," + build_root])
            built = subprocess.run(cmd, capture_output=True, text=True)
            if built.returncode != 0:
                print("FAIL: %s does not compile:\n%s" % (what, built.stderr))
                failures += 1
                continue
            ran = subprocess.run([program, deal], cwd=folder, capture_output=True, text=True, timeout=300)
            if ran.returncode != 0 or ran.stdout.strip() == "":
                print("FAIL: %s exited %d%s:\n%s%s" % (what, ran.returncode, ", printing nothing" if not ran.stdout.strip() else "",
                                                      ran.stdout, ran.stderr))
                failures += 1
                continue
            print("ok: %s: %s" % (what, ran.stdout.strip().splitlines()[-1]))
    if failures:
        print("%d of %d examples failed" % (failures, len(examples)))
        return 1
    print("ok: %d C examples compile and run" % len(examples))
    return 0


if __name__ == "__main__":
    sys.exit(main())
