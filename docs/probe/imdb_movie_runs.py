"""How many validation reviews have another review of their movie in the training part (issue 11, round 18).

The IMDb files carry no movie id, so a proxy: a review "shares a movie" with another when both name at least three
of the same rare capitalised words (4+ letters, in 2 to 15 training reviews: actors, characters, titles). Labels
are never read and no model is involved. The last line compares imdb:test's first 2,500 reviews (which share no
movie with train by construction) with the whole of imdb:train, as the level of the proxy between different movies.
Python's random module stands in for the Java seeded shuffles: the shares, not the exact reviews, are the point.

    python3 docs/probe/imdb_movie_runs.py   # reads ~/.cache/hardmax/imdb-reviews.json
"""
import json,re,random,collections,sys
import os
R=json.load(open(os.path.expanduser('~/.cache/hardmax/imdb-reviews.json')))
neg=list(range(12500,25000)); pos=list(range(37500,50000)); tr=neg+pos
test=list(range(0,12500))+list(range(25000,37500))
cap=re.compile(r"\b[A-Z][a-z]{3,}\b")
T={}
for i in tr+test: T[i]=set(cap.findall(R[i]['t']))
df=collections.Counter()
for i in tr: df.update(T[i])
rare={w for w,c in df.items() if 2<=c<=15}
def leak(val,train):
    idx=collections.defaultdict(set)
    for i in train:
        for w in T[i]&rare: idx[w].add(i)
    n=0
    for i in val:
        c=collections.Counter()
        for w in T[i]&rare:
            for j in idx[w]: c[j]+=1
        if any(v>=3 for v in c.values()): n+=1
    return n/len(val)
def rsplit(seed):
    rnd=random.Random(seed); v=[]
    for blk in (neg,pos):
        a=blk[:]; rnd.shuffle(a); v+=a[:round(len(a)*0.1)]
    return v
def bsplit(seed,B):
    rnd=random.Random(seed); v=[]
    for blk in (neg,pos):
        bl=[blk[i:i+B] for i in range(0,len(blk),B)]; rnd.shuffle(bl); k=round(len(blk)*0.1); got=[]
        for b in bl:
            if len(got)>=k: break
            got+=b
        v+=got
    return v
for name,v in [('random',rsplit(1)),('blocks50',bsplit(1,50)),('blocks100',bsplit(1,100)),('blocks250',bsplit(1,250))]:
    s=set(v); t=[i for i in tr if i not in s]
    print(name,len(v),'val reviews sharing >=3 rare names with one training review: %.3f'%leak(v,t))
print('test vs all train (no labels): %.3f'%leak(test[:2500],tr))
def psplit(seed,B,g):
    rnd=random.Random(seed); v=[]; drop=[]
    for blk in (neg,pos):
        nb=(len(blk)+B-1)//B; order=list(range(nb)); rnd.shuffle(order); k=round(len(blk)*0.1); got=[]
        for b in order:
            if len(got)>=k: break
            got+=blk[b*B:(b+1)*B]
            drop+=blk[max(0,b*B-g):b*B]+blk[(b+1)*B:(b+1)*B+g]
        v+=got
    return v,set(drop)-set(v)
for B,g in [(100,10),(100,20),(50,20)]:
    v,dr=psplit(1,B,g); s=set(v)
    t=[i for i in tr if i not in s and i not in dr]
    print('blocks',B,'purge',g,len(v),len(t),'%.3f'%leak(v,t))
# how far apart (positions within train/neg, input order) two reviews sharing >= 3 rare names sit
negT={i:T[i] for i in neg}
nidx=collections.defaultdict(list)
for i in neg:
    for w in negT[i]&rare: nidx[w].append(i)
pairs=collections.Counter()
for w,l in nidx.items():
    for a in l:
        for b in l:
            if a<b: pairs[(a,b)]+=1
d=collections.Counter()
for (a,b),c in pairs.items():
    if c>=3:
        dd=b-a
        d['1-10' if dd<=10 else '11-50' if dd<=50 else '51-200' if dd<=200 else '201-1000' if dd<=1000 else '>1000']+=1
print('train/neg pairs sharing >=3 rare names, by distance:', dict(sorted(d.items())))
