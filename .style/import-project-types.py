#!/usr/bin/env python3
"""Replaces inline fully-qualified names of project types (org.thermosgd....Type) by imports where the simple name is
free in the file (no other import, nested or same-package type of that name). Usage: .style/import-project-types.py
FILE.java ..."""
import os
import re
import sys

FQN = re.compile(r'\borg\.thermosgd((?:\.[a-z]\w*)+)\.([A-Z]\w*)')

for path in sys.argv[1:]:
    text = open(path, encoding='utf-8').read()
    pkg = re.search(r'^package ([\w.]+);', text, re.M).group(1)
    imports = dict((m.group(2), m.group(1) + '.' + m.group(2)) for m in
                   re.finditer(r'^import ([\w.]+)\.(\w+);', text, re.M))
    declared = set(re.findall(r'\b(?:class|interface|enum|record)\s+([A-Z]\w*)', text))
    folder = os.path.dirname(path)
    siblings = {f[:-5] for f in os.listdir(folder) if f.endswith('.java')}
    added = set()
    lines = text.split('\n')
    out = []
    for line in lines:
        if line.startswith('import ') or line.startswith('package '):
            out.append(line)
            continue

        def repl(m):
            if line[:m.start()].count('"') % 2 == 1:
                return m.group(0)
            p = 'org.thermosgd' + m.group(1)
            name = m.group(2)
            fqn = p + '.' + name
            if p == pkg:
                return name
            if imports.get(name, fqn) != fqn or name in declared or name in siblings or name in dir(__builtins__):
                return m.group(0)
            if name in ('Override', 'Record', 'Module', 'Process', 'Runtime', 'System', 'Thread', 'Error'):
                return m.group(0)
            imports[name] = fqn
            added.add(fqn)
            return name
        out.append(FQN.sub(repl, line))
    if not added and out == lines:
        continue
    text = '\n'.join(out)
    if added:
        idx = [m.end() for m in re.finditer(r'^import [^\n]+;\n', text, re.M)]
        at = idx[-1] if idx else text.index(';\n', text.index('package ')) + 2
        block = ''.join('import ' + f + ';\n' for f in sorted(added))
        text = text[:at] + ('' if idx else '\n') + block + text[at:]
    open(path, 'w', encoding='utf-8').write(text)
