#!/usr/bin/env python3
"""Rewrites each Java file's import block as the style gate wants it: static imports first, a blank line, then the
others, each group sorted in ASCII order, duplicates dropped. Usage: .style/sort-imports.py FILE.java ..."""
import re
import sys

for path in sys.argv[1:]:
    text = open(path, encoding='utf-8').read()
    lines = text.split('\n')
    idx = [i for i, l in enumerate(lines) if re.match(r'import (static )?[\w.]+(\.\*)?;\s*$', l)]
    if not idx:
        continue
    first, last = idx[0], idx[-1]
    block = lines[first:last + 1]
    if any(l.strip() and not l.startswith('import ') for l in block):
        print(f'{path}: non-import lines inside the import block, left alone', file=sys.stderr)
        continue
    def name(l):
        return l.rstrip(';').split()[-1]
    statics = sorted({l.strip() for l in block if l.startswith('import static ')}, key=name)
    others = sorted({l.strip() for l in block if l.startswith('import ') and not l.startswith('import static ')},
                    key=name)
    new = statics + ([''] if statics and others else []) + others
    if new != block:
        lines[first:last + 1] = new
        open(path, 'w', encoding='utf-8').write('\n'.join(lines))
