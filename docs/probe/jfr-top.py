# Usage: jfr print --json --stack-depth 64 --events jdk.ExecutionSample X.jfr > X.json; python3 docs/probe/jfr-top.py X.json
# Prints the share of execution samples by top frame (self) and by any frame (inclusive).
import json,sys,collections
d=json.load(open(sys.argv[1]))
ev=d['recording']['events']
top=collections.Counter(); inc=collections.Counter()
for e in ev:
    fr=e['values']['stackTrace']['frames']
    if not fr: continue
    name=lambda f: f['method']['type']['name'].split('.')[-1]+'.'+f['method']['name']
    top[name(fr[0])]+=1
    for s in set(name(f) for f in fr): inc[s]+=1
n=len(ev); print('samples',n)
print('-- self'); [print(f'{c*100/n:5.1f} {k}') for k,c in top.most_common(25)]
print('-- inclusive'); [print(f'{c*100/n:5.1f} {k}') for k,c in inc.most_common(45)]
