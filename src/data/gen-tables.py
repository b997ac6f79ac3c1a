#!/usr/bin/env python3
"""Generate the syscall signature table and the class/group tables.

Inputs (formats are documented at the top of each file):
  argtypes.in  argument type vocabulary         -> argtype-gen.h, syscalls-gen.c
  classes.in   strace-style classes (net, ...)  -> classes-gen.h, classes-gen.c
  syscalls.in  one signature per syscall        -> syscalls-gen.c
  groups.in    systemd-style @groups            -> classes-gen.c
  aliases.in   foreign-ABI names and layouts    -> syscalls-gen.c, syscalls-i386-gen.c,
                                                   syscalls-x32-gen.c

Everything is checked here, so a mistake in the data fails the build with
file:line instead of producing a table that decodes the wrong thing: names
sorted and unique, known types, known classes, known xlat lists (declared
in the '#xlat' block of syscalls.in), at most six arguments, every group
member known, no group cycles, every argument's C type known (a type whose
C type varies, like hex or flags, must say it: a table that does not say how
wide an argument is would let a rule compare bits the kernel ignores).  No
syscall number is written anywhere: the only numbers in the output come from
the kernel headers, through the C compiler, behind '#ifdef __NR_name' (the
build architecture's <sys/syscall.h>; <asm/unistd_32.h> and
<asm/unistd_x32.h> for the foreign ABIs of x86_64).
"""
import argparse
import os
import re
import sys

IDENT = re.compile(r'^[A-Za-z_][A-Za-z0-9_]*$')
ARG = re.compile(r'^(?P<type>[a-z_][a-z0-9_]*)(?:\((?P<list>[a-z_][a-z0-9_]*)\))?'
                 r'(?:/(?P<ctype>[a-z]+))?(?::(?P<name>[A-Za-z_][A-Za-z0-9_]*))?$')
GROUP_NAME = re.compile(r'^@[a-z][a-z0-9-]*$')
CLASS_NAME = re.compile(r'^[a-z][a-z0-9_]*$')
MAX_ARGS = 6
HELP_MAX = 60  # so that "name - help" fits an 80-column --list-filters line
XLAT_TYPES = ('flags', 'enum')
# C types an argument can have ("ptr": an address, fixed by its type).  lo
# and hi are the halves of a 64-bit value split over two 32-bit registers
# (aliases.in only).
CTYPES = ('int', 'uint', 'ushort', 'long', 'ulong')
SPLIT_CTYPES = ('lo', 'hi')
ARCHES = {'i386': 'AUDIT_ARCH_I386', 'x32': '(AUDIT_ARCH_X86_64 & ~__AUDIT_ARCH_64BIT)'}


class DataError(Exception):
    pass


def fail(path, lineno, msg):
    raise DataError(f'{path}:{lineno}: {msg}')


def c_str(s):
    return '"' + s.replace('\\', '\\\\').replace('"', '\\"') + '"'


def data_lines(path):
    """Yield (lineno, raw line) for lines that are neither blank nor comments."""
    with open(path, encoding='utf-8') as f:
        for lineno, raw in enumerate(f, 1):
            line = raw.rstrip('\n')
            stripped = line.strip()
            if not stripped or stripped.startswith('#'):
                continue
            yield lineno, line


def parse_argtypes(path):
    types = []
    for lineno, line in data_lines(path):
        parts = line.split(None, 3)
        if len(parts) < 3 or parts[1] not in ('entry', 'exit'):
            fail(path, lineno, 'expected "name entry|exit ctype help"')
        if not IDENT.match(parts[0]):
            fail(path, lineno, f'bad type name "{parts[0]}"')
        if parts[0] in (t[0] for t in types):
            fail(path, lineno, f'duplicate type "{parts[0]}"')
        if parts[2] not in CTYPES + ('ptr', '-'):
            fail(path, lineno, f'bad C type "{parts[2]}" (one of {", ".join(CTYPES)}, ptr, -)')
        types.append((parts[0], parts[1] == 'exit', parts[3] if len(parts) > 3 else '', parts[2]))
    if not types:
        raise DataError(f'{path}: no types')
    return types


def parse_classes(path):
    classes = []
    for lineno, line in data_lines(path):
        parts = line.split(None, 1)
        if len(parts) != 2 or not CLASS_NAME.match(parts[0]):
            fail(path, lineno, 'expected "name help text"')
        if parts[0] in (c[0] for c in classes):
            fail(path, lineno, f'duplicate class "{parts[0]}"')
        if len(parts[1].strip()) > HELP_MAX:
            fail(path, lineno, f'help text longer than {HELP_MAX} characters (--list-filters)')
        classes.append((parts[0], parts[1].strip(), lineno))
    if len(classes) > 32:
        raise DataError(f'{path}: more than 32 classes do not fit in uint32_t')
    return classes


def parse_args(path, lineno, name, args, typectypes, declared_xlat, used_xlat, split_ok):
    """type[(LIST)][/ctype]:name words -> [(name, type, list, ctype)]."""
    if len(args) > MAX_ARGS:
        fail(path, lineno, f'{name} has {len(args)} arguments, at most {MAX_ARGS} are possible')
    parsed = []
    for a in args:
        m = ARG.match(a)
        if not m or not m.group('name'):
            fail(path, lineno, f'bad argument "{a}": expected type[/ctype]:name or flags(LIST)/ctype:name')
        atype, alist, aname = m.group('type'), m.group('list'), m.group('name')
        actype = m.group('ctype')
        if atype not in typectypes:
            fail(path, lineno, f'unknown argument type "{atype}"')
        if (atype in XLAT_TYPES) != (alist is not None):
            fail(path, lineno, f'"{a}": only flags and enum take (LIST), and they need one')
        if alist is not None:
            if alist not in declared_xlat:
                fail(path, lineno, f'xlat list "{alist}" is not declared in the #xlat block')
            used_xlat.add(alist)
        fixed = typectypes[atype]
        if actype is None:
            if fixed == '-':
                fail(path, lineno, f'"{a}": the C type of a {atype} argument varies: '
                     f'say it ({atype}/int, /uint, /long, /ulong...)')
            actype = fixed
        elif fixed == 'ptr':
            fail(path, lineno, f'"{a}": {atype} is an address; it takes no C type')
        elif actype not in CTYPES and not (split_ok and actype in SPLIT_CTYPES):
            fail(path, lineno, f'"{a}": unknown C type "{actype}" ({", ".join(CTYPES)})')
        if aname in (p[0] for p in parsed):
            fail(path, lineno, f'argument name "{aname}" used twice')
        parsed.append((aname, atype, alist, actype))
    for aname, _, _, actype in parsed:
        if actype == 'lo' and (aname + '_hi', 'hi') not in ((p[0], p[3]) for p in parsed):
            fail(path, lineno, f'"{aname}" is a low half: "{aname}_hi" must be its high half')
        if actype == 'hi' and not (aname.endswith('_hi') and
                                   (aname[:-3], 'lo') in ((p[0], p[3]) for p in parsed)):
            fail(path, lineno, f'"{aname}" is a high half: name it LOW_hi after its low half')
    return parsed


def parse_syscalls(path, typectypes, classnames):
    declared_xlat = {}
    with open(path, encoding='utf-8') as f:
        for lineno, raw in enumerate(f, 1):
            if raw.startswith('#xlat'):
                for name in raw.split()[1:]:
                    if not IDENT.match(name) or name in declared_xlat:
                        fail(path, lineno, f'bad or duplicate xlat list "{name}"')
                    declared_xlat[name] = lineno

    used_xlat = set()
    calls = []
    prev = None
    for lineno, line in data_lines(path):
        parts = line.split()
        if len(parts) < 3:
            fail(path, lineno, 'expected "name classes ret args..."')
        name, cls, ret, args = parts[0], parts[1], parts[2], parts[3:]
        if not IDENT.match(name):
            fail(path, lineno, f'bad syscall name "{name}"')
        if prev is not None:
            if name == prev:
                fail(path, lineno, f'duplicate syscall "{name}"')
            if name < prev:
                fail(path, lineno, f'"{name}" is not sorted: it comes after "{prev}"')
        prev = name

        bits = []
        if cls != '-':
            for c in cls.split(','):
                if c not in classnames:
                    fail(path, lineno, f'unknown class "{c}" (classes.in has: {", ".join(classnames)})')
                if c in bits:
                    fail(path, lineno, f'class "{c}" given twice')
                bits.append(c)

        if ret not in typectypes or ret in XLAT_TYPES:
            fail(path, lineno, f'bad return type "{ret}"')
        parsed = parse_args(path, lineno, name, args, typectypes, declared_xlat, used_xlat, False)
        calls.append((name, bits, ret, parsed, lineno))

    for name, lineno in declared_xlat.items():
        if name not in used_xlat:
            fail(path, lineno, f'xlat list "{name}" is declared but not used')
    if not calls:
        raise DataError(f'{path}: no syscalls')
    return calls, declared_xlat


def parse_aliases(path, typectypes, declared_xlat, calls):
    """'name arch native args...|=' -> [(name, arch, native index or -1, args)]."""
    byname = {c[0]: i for i, c in enumerate(calls)}
    aliases = []
    seen = set()
    for lineno, line in data_lines(path):
        parts = line.split()
        if len(parts) < 3:
            fail(path, lineno, 'expected "name arch native arguments..."')
        name, arch, native, args = parts[0], parts[1], parts[2], parts[3:]
        mux = None
        m = re.match(r'^([a-z_][a-z0-9_]*):([0-9]+|-)/(?:([1-6])|r([0-5](?:,[0-5]){0,5}))$', name)
        if m:
            regs = [int(x) for x in m.group(4).split(',')] if m.group(4) else []
            sub = -1 if m.group(2) == '-' else int(m.group(2))
            if sub < 0 and regs:
                fail(path, lineno, f'"{parts[0]}": a call without sub-calls has its arguments in memory')
            name, mux = m.group(1), (sub, int(m.group(3) or 0), regs)
            if native == '-':
                fail(path, lineno, f'sub-call {mux[0]} of {name} needs a native call')
        elif not IDENT.match(name):
            fail(path, lineno, f'bad syscall name "{name}"')
        key = (name, arch, mux[0] if mux else None)
        if arch not in ARCHES:
            fail(path, lineno, f'unknown arch "{arch}" ({", ".join(ARCHES)})')
        if key in seen:
            fail(path, lineno, f'"{parts[0]}" listed twice for {arch}')
        seen.add(key)
        if native == '-':
            if args:
                fail(path, lineno, f'"{name}" has no native call: it takes no arguments here')
            aliases.append((name, arch, -1, [], lineno, None))
            continue
        if native not in byname:
            fail(path, lineno, f'unknown native call "{native}" (not in syscalls.in)')
        if name in byname and name != native and not mux:
            fail(path, lineno, f'"{name}" is a native call of its own; it cannot be "{native}"')
        if args == ['=']:
            parsed = calls[byname[native]][3]
        else:
            parsed = parse_args(path, lineno, name, args, typectypes, declared_xlat, set(), True)
        aliases.append((name, arch, byname[native], parsed, lineno, mux))
    names = {(a[0], a[1]) for a in aliases if a[5] is None}
    for a in aliases:
        if a[5] is not None and (a[0], a[1]) in names:
            fail(path, a[4], f'"{a[0]}" is a multiplexer: it has no entry of its own')
    return aliases


def parse_groups(path):
    """'@name "help" members...'; a line starting with white space continues
    the previous group's member list."""
    groups = []
    with open(path, encoding='utf-8') as f:
        for lineno, raw in enumerate(f, 1):
            line = raw.rstrip('\n')
            stripped = line.strip()
            if not stripped or stripped.startswith('#'):
                continue
            if line[0] in ' \t':
                if not groups:
                    fail(path, lineno, 'continuation line before the first group')
                groups[-1][2].extend((m, lineno) for m in stripped.split())
                continue
            m = re.match(r'^(\S+)\s+"([^"]*)"\s*(.*)$', line)
            if not m:
                fail(path, lineno, 'expected \'@name "help text" members...\'')
            gname, ghelp, rest = m.group(1), m.group(2), m.group(3)
            if not GROUP_NAME.match(gname):
                fail(path, lineno, f'bad group name "{gname}" (must be @lower-case-words)')
            if not ghelp.strip():
                fail(path, lineno, f'group "{gname}" has no help text')
            if len(ghelp) > HELP_MAX:
                fail(path, lineno, f'help text longer than {HELP_MAX} characters (--list-filters)')
            if gname in (g[0] for g in groups):
                fail(path, lineno, f'duplicate group "{gname}"')
            groups.append((gname, ghelp, [(x, lineno) for x in rest.split()], lineno))
    return groups


def check_groups(path, groups, callnames):
    byname = {g[0]: g for g in groups}
    for gname, _, members, lineno in groups:
        if not members:
            fail(path, lineno, f'group "{gname}" is empty')
        prev = None
        for member, mline in members:
            if member.startswith('@'):
                if member not in byname:
                    fail(path, mline, f'{gname}: unknown group "{member}"')
            elif member not in callnames:
                fail(path, mline, f'{gname}: unknown syscall "{member}" (not in syscalls.in)')
            if prev is not None:
                if member == prev:
                    fail(path, mline, f'{gname}: "{member}" listed twice')
                if member < prev:
                    fail(path, mline, f'{gname}: "{member}" is not sorted: it comes after "{prev}"')
            prev = member

    # Cycles: depth-first walk with the usual three colours.
    state = {}

    def visit(gname, chain):
        if state.get(gname) == 'done':
            return
        if state.get(gname) == 'active':
            fail(path, byname[gname][3], 'group cycle: ' + ' -> '.join(chain + [gname]))
        state[gname] = 'active'
        for member, _ in byname[gname][2]:
            if member.startswith('@'):
                visit(member, chain + [gname])
        state[gname] = 'done'

    for g in groups:
        visit(g[0], [])


def header(sources):
    return (f'/* Generated by src/data/gen-tables.py from {", ".join(sources)}. Do not edit. */\n')


def write_file(path, text):
    tmp = path + '.tmp'
    with open(tmp, 'w', encoding='utf-8') as f:
        f.write(text)
    os.replace(tmp, path)


def gen_argtype_h(types):
    out = [header(['src/data/argtypes.in']), '#pragma once\n\n',
           '/* One value per line of src/data/argtypes.in, in its order. */\n',
           'enum arg_type {\n']
    for name, _, help_, _ in types:
        out.append(f'\tARG_{name.upper()}, /* {help_.replace("*/", "* /")} */\n')
    out.append('\tARG_TYPE_COUNT\n};\n\n')
    out.append('/* The type\'s name as written in syscalls.in ("fd"), or NULL. */\n')
    out.append('const char *argtype_name(enum arg_type t);\n')
    out.append('/* 1 when the kernel writes the value, so it is decoded at the exit stop. */\n')
    out.append('int argtype_at_exit(enum arg_type t);\n')
    return ''.join(out)


def gen_classes_h(classes):
    out = [header(['src/data/classes.in']), '#pragma once\n\n', 'enum syscall_class {\n']
    for i, (name, help_, _) in enumerate(classes):
        out.append(f'\tCLASS_{name.upper()} = 1u << {i}, /* {help_.replace("*/", "* /")} */\n')
    out.append('};\n\n')
    out.append(f'#define CLASS_COUNT {len(classes)}\n')
    return ''.join(out)


def c_args(args):
    out = []
    for aname, atype, alist, actype in args:
        xl = f'XLAT_{alist.upper()}' if alist else 'XLAT_NONE'
        out.append(f'\t\t{{ "{aname}", ARG_{atype.upper()}, {xl}, CTYPE_{actype.upper()} }},\n')
    return ''.join(out)


def c_sig(name, bits, ret, args, indent='\t'):
    cls = ' | '.join(f'CLASS_{b.upper()}' for b in bits) or '0'
    out = [f'{indent}{{ .name = "{name}", .classes = {cls}, .ret = ARG_{ret.upper()}, '
           f'.nargs = {len(args)}']
    if args:
        out.append(', .args = {\n' + c_args(args) + '\t} }')
    else:
        out.append(' }')
    return ''.join(out)


def gen_syscalls_c(types, calls, aliases):
    out = [header(['src/data/syscalls.in', 'src/data/argtypes.in', 'src/data/aliases.in']),
           '#include <linux/audit.h>\n#include <sys/syscall.h> /* __NR_* of the build architecture, for the fallback below */\n\n',
           '#include <jtrace/syscalls.h>\n\n']

    out.append('static const char *const argtype_names[ARG_TYPE_COUNT] = {\n')
    for name, _, _, _ in types:
        out.append(f'\t[ARG_{name.upper()}] = "{name}",\n')
    out.append('};\n\n')
    out.append('static const unsigned char argtype_exit[ARG_TYPE_COUNT] = {\n')
    for name, at_exit, _, _ in types:
        out.append(f'\t[ARG_{name.upper()}] = {1 if at_exit else 0},\n')
    out.append('};\n\n')
    out.append('const char *argtype_name(enum arg_type t)\n{\n'
               '\treturn (unsigned)t < ARG_TYPE_COUNT ? argtype_names[t] : NULL;\n}\n\n')
    out.append('int argtype_at_exit(enum arg_type t)\n{\n'
               '\treturn (unsigned)t < ARG_TYPE_COUNT ? argtype_exit[t] : 0;\n}\n\n')

    out.append('const struct syscall_sig syscall_table[] = {\n')
    for name, bits, ret, args, _ in calls:
        out.append(c_sig(name, bits, ret, args) + ',\n')
    out.append('};\n')
    out.append('const size_t syscall_table_len = sizeof(syscall_table) / sizeof(syscall_table[0]);\n')
    out.append(f'_Static_assert({len(calls)} <= SYSCALL_SET_WORDS * 64, '
               '"struct syscall_set is too small for the table");\n')
    # The names are arrays (syscalls.h): the longest must fit with its NUL.
    longest = max([c[0] for c in calls] + [a[0] for a in aliases], key=len)
    longest_arg = max([a[0] for c in calls for a in c[3]] +
                      [x[0] for a in aliases for x in a[3]], key=len)
    out.append(f'_Static_assert(sizeof("{longest}") <= SYSCALL_NAME_SIZE, '
               '"SYSCALL_NAME_SIZE is too small for the longest name");\n')
    out.append(f'_Static_assert(sizeof("{longest_arg}") <= SYSCALL_ARG_NAME_SIZE, '
               '"SYSCALL_ARG_NAME_SIZE is too small for the longest argument name");\n\n')

    out.append('/* The build architecture\'s numbers from the kernel headers, per table\n'
               ' * entry, -1 where the headers do not define __NR_name.  syscalls.c asks\n'
               ' * libseccomp only for the entries that are -1 here. */\n')
    out.append('extern const long syscall_hdr_nr[];\n')
    out.append('const long syscall_hdr_nr[] = {\n')
    for name, _, _, _, _ in calls:
        out.append(f'#ifdef __NR_{name}\n\t__NR_{name},\n#else\n\t-1,\n#endif\n')
    out.append('};\n\n')

    out.append('/* Foreign-ABI names and layouts of native calls (aliases.in): each is\n'
               ' * decided as its native entry and logged under its own name. */\n')
    out.append('const struct syscall_alias syscall_alias_table[] = {\n')
    for name, arch, canon, args, _, _ in aliases:
        if canon < 0:
            continue
        c = calls[canon]
        out.append(f'\t{{ .arch = {ARCHES[arch]}, .canon = {canon}, .sig =\n')
        out.append(c_sig(name, c[1], c[2], args, '\t  ') + ' },\n')
    out.append('};\n')
    out.append('const size_t syscall_alias_table_len = '
               'sizeof(syscall_alias_table) / sizeof(syscall_alias_table[0]);\n\n')
    out.append('/* Foreign-ABI calls with no native counterpart (aliases.in "-"): the\n'
               ' * policy\'s default decides them; listed so that the unit test can tell\n'
               ' * them from a gap in the table. */\n')
    out.append('const struct syscall_unsupported syscall_unsupported_table[] = {\n')
    for name, arch, canon, _, _, _ in aliases:
        if canon < 0:
            out.append(f'\t{{ "{name}", {ARCHES[arch]} }},\n')
    out.append('};\n')
    out.append('const size_t syscall_unsupported_table_len = '
               'sizeof(syscall_unsupported_table) / sizeof(syscall_unsupported_table[0]);\n\n')
    supported = [a for a in aliases if a[2] >= 0]
    out.append('/* Sub-calls of multiplexers (aliases.in "MUX:N/K"), by alias index. */\n')
    out.append('const struct syscall_mux syscall_mux_table[] = {\n')
    for k, a in enumerate(supported):
        if a[5] is not None:
            if a[5][2]:
                regs = ', '.join(str(r + 1) for r in a[5][2])
                out.append(f'\t{{ .alias = {k}, .sub = {a[5][0]}, .submask = 0xffff, '
                           f'.regs = {{ {regs} }} }},\n')
            elif a[5][0] < 0:
                out.append(f'\t{{ .alias = {k}, .sub = 0, .submask = 0, .words = {a[5][1]}, '
                           f'.ptr_arg = 0 }},\n')
            else:
                out.append(f'\t{{ .alias = {k}, .sub = {a[5][0]}, .submask = 0xffffffff, '
                           f'.words = {a[5][1]}, .ptr_arg = 1 }},\n')
    out.append('};\n')
    out.append('const size_t syscall_mux_table_len = '
               'sizeof(syscall_mux_table) / sizeof(syscall_mux_table[0]);\n')
    return ''.join(out)


def gen_foreign_c(calls, aliases, arch, header_name, guard):
    """Numbers of one foreign ABI from its kernel header: one per syscalls.in
    entry (-1 where the header lacks it, -2 where aliases.in gives the ABI its
    own layout under the same name) and one per supported alias."""
    own = {a[0] for a in aliases if a[1] == arch}
    supported = [a for a in aliases if a[2] >= 0]
    out = [header(['src/data/syscalls.in', 'src/data/aliases.in']),
           f'/* {arch} numbers, from <asm/{header_name}> of the build\'s kernel headers\n'
           ' * (never <sys/syscall.h>: that is the build architecture\'s). */\n',
           '#include <stddef.h>\n\n',
           f'#if {guard} && __has_include(<asm/{header_name}>)\n',
           f'#include <asm/{header_name}>\n#endif\n\n',
           '#ifndef __X32_SYSCALL_BIT\n#define __X32_SYSCALL_BIT 0x40000000\n#endif\n\n',
           f'extern const long syscall_{arch}_nr[];\n',
           f'extern const long syscall_{arch}_alias_nr[];\n\n']

    def nr(name):
        val = f'(long)(__NR_{name} & ~__X32_SYSCALL_BIT)' if arch == 'x32' else f'__NR_{name}'
        return f'#ifdef __NR_{name}\n\t{val},\n#else\n\t-1,\n#endif\n'

    out.append(f'const long syscall_{arch}_nr[] = {{\n')
    for name, _, _, _, _ in calls:
        out.append('\t-2, /* own layout in aliases.in */\n' if name in own else nr(name))
    out.append('};\n\n')
    out.append(f'/* Per entry of syscall_alias_table, -1 for another ABI\'s. */\n')
    out.append(f'const long syscall_{arch}_alias_nr[] = {{\n')
    for name, aarch, _, _, _, mux in supported:
        # A sub-call's number is its multiplexer's; syscalls.c keeps it
        # out of the nr map and finds it by (number, first argument).
        out.append(nr(name) if aarch == arch else '\t-1,\n')
    if not supported:
        out.append('\t-1,\n')
    out.append('};\n')
    return ''.join(out)


def gen_classes_c(classes, groups):
    out = [header(['src/data/classes.in', 'src/data/groups.in']), '#include <jtrace/classes.h>\n\n']
    out.append('const struct class_info class_table[] = {\n')
    for name, help_, _ in classes:
        out.append(f'\t{{ "{name}", {c_str(help_)}, CLASS_{name.upper()} }},\n')
    out.append('};\n')
    out.append('const size_t class_table_len = sizeof(class_table) / sizeof(class_table[0]);\n\n')

    groups = sorted(groups, key=lambda g: g[0])
    for gname, _, members, _ in groups:
        ident = 'group_' + gname[1:].replace('-', '_')
        out.append(f'static const char *const {ident}[] = {{\n')
        for member, _ in members:
            out.append(f'\t"{member}",\n')
        out.append('\tNULL\n};\n\n')
    out.append('/* Sorted by name. */\n')
    out.append('const struct group_info group_table[] = {\n')
    for gname, ghelp, _, _ in groups:
        ident = 'group_' + gname[1:].replace('-', '_')
        out.append(f'\t{{ "{gname}", {c_str(ghelp)}, {ident} }},\n')
    out.append('};\n')
    out.append('const size_t group_table_len = sizeof(group_table) / sizeof(group_table[0]);\n')
    return ''.join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--argtypes', required=True)
    ap.add_argument('--syscalls', required=True)
    ap.add_argument('--classes', required=True)
    ap.add_argument('--groups', required=True)
    ap.add_argument('--aliases', required=True)
    ap.add_argument('--outdir', required=True)
    opts = ap.parse_args()

    try:
        types = parse_argtypes(opts.argtypes)
        classes = parse_classes(opts.classes)
        classnames = [c[0] for c in classes]
        typectypes = {t[0]: t[3] for t in types}
        calls, declared_xlat = parse_syscalls(opts.syscalls, typectypes, classnames)
        aliases = parse_aliases(opts.aliases, typectypes, declared_xlat, calls)
        callnames = {c[0] for c in calls}
        for cname, _, lineno in classes:
            if cname in callnames or cname == 'all':
                fail(opts.classes, lineno, f'class "{cname}" has the name of a syscall or of "all"')
            if not any(cname in c[1] for c in calls):
                fail(opts.classes, lineno, f'class "{cname}" has no syscall in {opts.syscalls}')
        groups = parse_groups(opts.groups)
        if not groups:
            raise DataError(f'{opts.groups}: no groups')
        check_groups(opts.groups, groups, callnames)
    except DataError as e:
        sys.exit(f'gen-tables.py: {e}')
    except OSError as e:
        sys.exit(f'gen-tables.py: {e}')

    os.makedirs(opts.outdir, exist_ok=True)
    write_file(os.path.join(opts.outdir, 'argtype-gen.h'), gen_argtype_h(types))
    write_file(os.path.join(opts.outdir, 'classes-gen.h'), gen_classes_h(classes))
    write_file(os.path.join(opts.outdir, 'syscalls-gen.c'), gen_syscalls_c(types, calls, aliases))
    write_file(os.path.join(opts.outdir, 'syscalls-i386-gen.c'),
               gen_foreign_c(calls, aliases, 'i386', 'unistd_32.h', 'defined(__x86_64__)'))
    write_file(os.path.join(opts.outdir, 'syscalls-x32-gen.c'),
               gen_foreign_c(calls, aliases, 'x32', 'unistd_x32.h', 'defined(__x86_64__)'))
    write_file(os.path.join(opts.outdir, 'classes-gen.c'), gen_classes_c(classes, groups))


if __name__ == '__main__':
    main()
