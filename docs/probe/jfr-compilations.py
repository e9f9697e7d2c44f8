# Usage: jfr print --json --events jdk.Compilation X.jfr > C.json; python3 docs/probe/jfr-compilations.py C.json 20
# Prints the compilers' total time (C1: levels 1-3, C2: level 4) and the N methods C2 spent longest on (count of
# compilations, largest inlined bytecode). Record with docs/probe/compilations.jfc so that every compilation is kept.
import json,collections,sys
ev=json.load(open(sys.argv[1]))['recording']['events']
def dur(e):
    s=e['values']['duration'][2:]; t=0
    if 'M' in s: m,s=s.split('M'); t+=60*float(m)
    return t+float(s[:-1]) if s else t
tot=collections.Counter(); per=collections.defaultdict(lambda:[0,0.0,0])
for e in ev:
    v=e['values']; m=v['method']; l=v['compileLevel']; d=dur(e)
    tot['C2' if l==4 else 'C1']+=d
    if l==4:
        k=m['type']['name'].split('/')[-1]+'.'+m['name']; per[k][0]+=1; per[k][1]+=d; per[k][2]=max(per[k][2],v.get('inlinedBytes') or 0)
print(len(ev), dict(tot))
for n,(k,d,ib) in sorted(per.items(), key=lambda x:-x[1][1])[:int(sys.argv[2])]: print(f'{d:7.3f} s {k}x inl{ib} {n}')
