"""The size rule's checker (issue 14): lists every function of the tracked Rust files over 120
lines, longest first, as `LINES FILE NAME`. Run from the repo root: python3 scripts/fnlen.py
Data tables (match tables of words, vocabularies) are allowed to be longer; anything else it
lists should be split. Files should stay under ~1,200 lines (`git ls-files '*.rs' | xargs wc -l`).
"""
import re,subprocess,sys
files=subprocess.check_output(['git','ls-files','*.rs']).decode().split()
res=[]
pat=re.compile(r'^(\s*)(pub(\([^)]*\))?\s+)?(const\s+)?(async\s+)?(unsafe\s+)?fn\s+(\w+)')
for f in files:
    lines=open(f,encoding='utf-8',errors='replace').read().split('\n')
    for i,l in enumerate(lines):
        m=pat.match(l)
        if not m: continue
        ind=m.group(1)
        # find closing line: a line == ind+'}' after i
        for j in range(i+1,len(lines)):
            if lines[j]==ind+'}':
                n=j-i+1
                if n>120: res.append((n,f,m.group(7)))
                break
            if l.rstrip().endswith(';'): break
for r in sorted(res,reverse=True): print(*r)
