#!/usr/bin/env python3
"""man-test.py — the man page and `dealgraph COMMAND --help-all` agree: commands, options, arguments, defaults.

Usage: man-test.py DEALGRAPH MANPAGE

The option tables of the CLI (its GOptionEntry arrays) are what --help-all
prints; the man page is written by hand, because it says more than --help
does. This test keeps the two from drifting apart, as git's
t0450-txt-doc-vs-help.sh does for git's documentation:

- every command of `dealgraph --help` has a SYNOPSIS line, an entry under
  COMMANDS and a subsection under OPTIONS (and the man page names no other);
- a command takes one FILE or several (FILE…) in both;
- under OPTIONS, the subsection of a command (with "Every command") lists
  exactly the options of its --help-all (help options aside), each with the
  same short letter and the same argument name;
- an option's default is the same in both: the first "(default: X", "(default X",
  "; default: X" or "X (default" in its description, or none in either.

An entry whose description begins "As for COMMAND" takes its options'
arguments and defaults from that command's entries, and is checked against
this command's --help-all like any other.

Prints one line per check and the Synthesis line tests/summary.sh adds up;
exits 1 when a check failed.
"""

import re
import subprocess
import sys

FONT_MACROS = {'B', 'I', 'BI', 'BR', 'IB', 'IR', 'RB', 'RI'}
BREAKS = {'TP', 'SS', 'SH', 'PP', 'LP', 'P', 'IP'}
HELP_OPTIONS = {'help', 'help-all'}


def roff_args(text):
    """The arguments of a request line, split as troff does (quotes group, "" is a quote)."""
    args, i, n = [], 0, len(text)
    while i < n:
        while i < n and text[i] == ' ':
            i += 1
        if i >= n:
            break
        if text[i] == '"':
            i += 1
            arg = []
            while i < n:
                if text[i] == '"':
                    if i + 1 < n and text[i + 1] == '"':
                        arg.append('"')
                        i += 2
                        continue
                    i += 1
                    break
                arg.append(text[i])
                i += 1
            args.append(''.join(arg))
        else:
            j = i
            while j < n and text[j] != ' ':
                j += 1
            args.append(text[i:j])
            i = j
    return args


def unescape(text):
    """Roff text as it reads: fonts dropped, \\- as -, named glyphs as plain characters."""
    text = re.sub(r'\\f(\(..|\[[^]]*\]|.)', '', text)
    for escape, plain in (('\\(lq', '"'), ('\\(rq', '"'), ('\\(->', '->'), ('\\(em', '-'), ('\\(en', '-'),
                          ('\\-', '-'), ('\\&', ''), ('\\ ', ' '), ('\\e', '\\')):
        text = text.replace(escape, plain)
    return text


def line_text(line):
    """(request, text): the request name ('' for a text line) and what the line reads as."""
    if not line.startswith('.'):
        return '', unescape(line)
    name, _, rest = line[1:].partition(' ')
    args = roff_args(rest)
    if name in ('B', 'I'):
        return name, unescape(' '.join(args))
    if name in FONT_MACROS:
        return name, unescape(''.join(args))
    return name, unescape(' '.join(args))


def first_default(text):
    """The default a description states, or None: the first "(default: X" ("(default X", "; default: X"),
    up to the next , ; or ); else the X of the first "X (default)"."""
    text = ' '.join(text.split())
    m = re.search(r'[(;,]\s*default:?\s+([^;,)]+)', text)
    if m:
        return m.group(1).strip()
    m = re.search(r'([\w.-]+)\s+\(default\)', text)
    return m.group(1) if m else None


def parse_help(dealgraph, command):
    """{long: (short, arg, default)} of the options `dealgraph COMMAND --help-all` lists, and its usage line."""
    out = subprocess.run([dealgraph, command, '--help-all'], capture_output=True, text=True, check=True).stdout
    options, usage, group = {}, '', None
    lines = out.splitlines()
    for i, line in enumerate(lines):
        if line == 'Usage:' and i + 1 < len(lines):
            usage = lines[i + 1].split(' — ')[0].strip()
        if line and not line.startswith(' ') and line.endswith(':'):
            group = line
            continue
        m = re.match(r'^  (?:-(\w), )?--([\w-]+)(?:=(\S+))?(?:\s{2,}(.*))?$', line)
        if m and group is not None and group != 'Help Options:':
            short, long, arg, description = m.groups()
            options[long] = (short, arg, first_default(description or ''))
    return options, usage


def parse_commands(dealgraph):
    out = subprocess.run([dealgraph, '--help'], capture_output=True, text=True, check=True).stdout
    commands, listing = [], False
    for line in out.splitlines():
        if line == 'Commands:':
            listing = True
        elif listing and line.startswith('  '):
            commands.append(line.split()[0])
        elif listing:
            break
    return commands


class ManPage:
    """What the checks read of the man page: SYNOPSIS lines, COMMANDS entries, OPTIONS entries by command."""

    def __init__(self, path):
        self.synopsis = {}       # command -> text of its synopsis line
        self.described = []      # commands with an entry under COMMANDS
        self.entries = {}        # subsection -> [(line number, tag text, body text)]
        self.order = []          # subsections in order
        section = subsection = None
        tag_next = False
        entry = None
        synopsis_command = None
        with open(path, encoding='utf-8') as f:
            lines = f.read().splitlines()
        for number, raw in enumerate(lines, 1):
            if raw.startswith('.\\"'):
                continue
            request, text = line_text(raw)
            if request in BREAKS:
                entry = None
            if request == 'SH':
                section, subsection = text.strip(), None
                continue
            if section == 'SYNOPSIS':
                if request == 'br':
                    synopsis_command = None
                elif request == 'B' and text.startswith('dealgraph ') and len(text.split()) == 2:
                    synopsis_command = text.split()[1]
                    self.synopsis[synopsis_command] = text
                elif synopsis_command is not None:
                    self.synopsis[synopsis_command] += ' ' + text
            elif section == 'COMMANDS':
                if request == 'TP':
                    tag_next = True
                elif tag_next:
                    self.described.append(text.strip())
                    tag_next = False
            elif section == 'OPTIONS':
                if request == 'SS':
                    subsection = text.strip()
                    self.order.append(subsection)
                    self.entries[subsection] = []
                elif request == 'TP' and subsection is not None:
                    tag_next = True
                elif tag_next:
                    entry = [number, text.strip(), '']
                    self.entries[subsection].append(entry)
                    tag_next = False
                elif entry is not None and request in FONT_MACROS | {''}:
                    entry[2] += ' ' + text


def tag_items(tag):
    """The options a tag names: [(short or None, long or None, arg)], a short paired with the long after it."""
    items = []
    for item in re.split(r',\s*', tag):
        m = re.fullmatch(r'-(\w)(?: (\S+))?', item)
        if m:
            items.append(('short', m.group(1), m.group(2)))
            continue
        m = re.fullmatch(r'--([\w-]+)(?:=(\S+))?', item)
        if m:
            items.append(('long', m.group(1), m.group(2)))
            continue
        raise ValueError(f'cannot read "{item}" as an option')
    return items


def man_options(man, command, help_options, problems):
    """{long: (short, arg, default)} the man page documents for @command."""
    documented = {}
    own = {}

    def definitions(subsection):
        result = {}
        for number, tag, body in man.entries.get(subsection, []):
            if re.match(r'\s*As for ', body):
                continue
            try:
                items = tag_items(tag)
            except ValueError as e:
                problems.append(f'line {number}: {e} in "{tag}"')
                continue
            default = first_default(body)
            pending = None
            for kind, name, arg in items:
                if kind == 'short':
                    if pending is not None:
                        problems.append(f'line {number}: -{pending[0]} has no long name in "{tag}"')
                    pending = (name, arg)
                    continue
                short = None
                if pending is not None:
                    short = pending[0]
                    if pending[1] != arg:
                        problems.append(f'line {number}: -{short} {pending[1]} but --{name}={arg}')
                    pending = None
                result[name] = (short, arg, default, number)
            if pending is not None:
                problems.append(f'line {number}: -{pending[0]} has no long name in "{tag}"')
        return result

    for subsection in ('Every command', command):
        for name, value in definitions(subsection).items():
            if name in documented:
                problems.append(f'line {value[3]}: --{name} documented twice for {command}')
            documented[name] = value
            own[name] = value
    short_to_long = {v[0]: k for k, v in help_options.items() if v[0]}
    for number, tag, body in man.entries.get(command, []):
        m = re.match(r'\s*As for (\w+)', body)
        if not m:
            continue
        other = m.group(1)
        if other not in man.entries:
            problems.append(f'line {number}: "As for {other}", but OPTIONS has no subsection {other}')
            continue
        theirs = definitions(other)
        try:
            items = tag_items(tag)
        except ValueError as e:
            problems.append(f'line {number}: {e} in "{tag}"')
            continue
        names = {}  # long -> the argument the tag gives it, if any
        for kind, name, arg in items:
            if kind == 'short':
                if name not in short_to_long:
                    problems.append(f'line {number}: the man page names -{name} for {command}, '
                                    f'which has no -{name}')
                    continue
                name = short_to_long[name]
            names[name] = names.get(name) or arg
        for name, arg in names.items():
            if name not in theirs:
                problems.append(f'line {number}: --{name} is "as for {other}", but {other} documents no --{name}')
                continue
            if arg is not None and arg != theirs[name][1]:
                problems.append(f'line {number}: --{name}={arg} is "as for {other}", which has --{name}={theirs[name][1]}')
            if name in documented:
                problems.append(f'line {number}: --{name} documented twice for {command}')
            documented[name] = theirs[name][:3] + (number,)
    return documented


def show(short, long, arg):
    return (f'-{short}, ' if short else '') + f'--{long}' + (f'={arg}' if arg else '')


def check_command(man, dealgraph, command):
    problems = []
    help_options, usage = parse_help(dealgraph, command)
    if command not in man.synopsis:
        problems.append('no SYNOPSIS line')
    elif ('FILE…' in usage) != ('FILE...' in man.synopsis[command]):
        problems.append(f'SYNOPSIS "{man.synopsis[command]}" and --help "{usage}" disagree on one FILE or several')
    if command not in man.described:
        problems.append('no entry under COMMANDS')
    if command not in man.entries:
        problems.append('no subsection under OPTIONS')
    documented = man_options(man, command, help_options, problems)
    for long, (short, arg, default) in help_options.items():
        if long not in documented:
            problems.append(f'--help-all lists {show(short, long, arg)}; the man page does not')
            continue
        m_short, m_arg, m_default, number = documented[long]
        if (short, arg) != (m_short, m_arg):
            problems.append(f'line {number}: the man page has {show(m_short, long, m_arg)}, '
                            f'--help-all {show(short, long, arg)}')
        if default != m_default:
            problems.append(f'line {number}: --{long}: the man page says the default is '
                            f'{m_default!r}, --help-all {default!r}')
    for long, (_, _, _, number) in documented.items():
        if long not in help_options and long not in HELP_OPTIONS:
            problems.append(f'line {number}: the man page documents --{long}; dealgraph {command} has no such option')
    return problems


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__.splitlines()[2])
    dealgraph, path = sys.argv[1:]
    man = ManPage(path)
    commands = parse_commands(dealgraph)
    passes = failures = 0

    def report(ok, what, problems=()):
        nonlocal passes, failures
        if ok:
            passes += 1
            print(f'ok: {what}')
        else:
            failures += 1
            print(f'FAIL: {what}', file=sys.stderr)
            for p in problems:
                print(f'  {path}: {p}', file=sys.stderr)

    extra = [s for s in man.order if s != 'Every command' and s not in commands]
    extra += [c for c in man.described if c not in commands]
    report(bool(commands) and not extra, f'the man page knows the {len(commands)} commands of dealgraph --help, '
           'and no other', [f'"{c}" is no command of dealgraph --help' for c in extra] or ['dealgraph --help lists no command'])
    for command in commands:
        problems = check_command(man, dealgraph, command)
        report(not problems, f'{command}: the man page and --help-all agree', problems)
    print(f'man-test: {passes} passed, {failures} failed')
    print(f'[====] Synthesis: Tested: {passes + failures} | Passing: {passes} | Failing: {failures} | Crashing: 0')
    sys.exit(1 if failures else 0)


if __name__ == '__main__':
    main()
