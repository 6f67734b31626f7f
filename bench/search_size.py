#!/usr/bin/env python3
"""How much of the search index a first query loads, as the browser script does it.

Replays `static/search.js` on a built site's `search/` folder: the manifest, the shards of
each query word's first two letters (every shard under a one-letter word), then the files of
documents holding the best `limit` results. Prints the bytes per query and the largest.

Usage: search_size.py OUTPUT_DIR [QUERY ...]   (default queries: common and rare words)
"""

import json
import os
import re
import sys

out = sys.argv[1]
queries = sys.argv[2:] or ["talks", "t", "sanctions ceasefire", "zapor", "report", "envoy"]
search = os.path.join(out, "search")


def payload(path, call):
    text = open(path, encoding="utf-8").read()
    m = re.match(r"window\.briefingSearch&&window\.briefingSearch\." + call + r"\((.*)\);\s*$", text, re.S)
    return text, m.group(1)


def hexkey(word):
    return "-".join(format(ord(c), "x") for c in word[:2])


manifest_text, body = payload(os.path.join(search, "manifest.js"), "manifest")
manifest = json.loads(body)
per = manifest["docsPerFile"]
worst = 0
for query in queries:
    terms = [w.lower() for w in re.findall(r"\w+", query)]
    size = len(manifest_text.encode())
    scores = None
    for term in terms:
        key = hexkey(term)
        keys = [key] if len(term) > 1 else [k for k in manifest["shards"] if k == key or k.startswith(key + "-")]
        keys = [k for k in keys if k in manifest["shards"]]
        best = {}
        for k in keys:
            path = os.path.join(search, f"words-{k}.js")
            text, body = payload(path, "shard")
            size += len(text.encode())
            shard = json.loads("[" + body + "]")[1]
            for word, hits in shard.items():
                if not word.startswith(term):
                    continue
                doc = 0
                for hit in hits:
                    doc += hit // 4
                    w = hit % 4 + (0.5 if word == term else 0)
                    best[doc] = max(best.get(doc, 0), w)
        scores = best if scores is None else {d: scores[d] + best[d] for d in scores if d in best}
    ids = sorted(scores or {}, key=lambda d: (-scores[d], d))[:50]
    files = sorted({d // per for d in ids})
    for n in files:
        size += os.path.getsize(os.path.join(search, f"docs-{n}.js"))
    worst = max(worst, size)
    print(f"{query!r}: {len(scores or {})} hits, {len(files)} files of documents, {size / 1024:.0f} KB loaded")
total = sum(os.path.getsize(os.path.join(search, f)) for f in os.listdir(search))
print(f"largest first query: {worst / 1024:.0f} KB; whole index: {total / 1024:.0f} KB in {len(os.listdir(search))} files")
