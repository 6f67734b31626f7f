#!/usr/bin/env python3
"""Deterministic benchmark corpus: the same seed always writes the same bytes.

Writes N articles of 600-900 words of varied Markdown (headings, emphasis, inline links to
other articles and outside, a list, a GFM table, a blockquote, footnotes) twice:

  <out>/briefing/  a briefing site: briefing.yaml, 27 points in 4 blocks, articles with
                   YAML front matter (~30% with 1-3 events, ~10% with point claims)
  <out>/hugo/      a Hugo site with the same article bodies and minimal layouts

With --uk the briefing also has a Ukrainian edition: `languages: uk`, and a translation of
every point and every article (title, summary and body), the worst case for a second edition.

Usage: gen_corpus.py N OUT [--seed S] [--uk]
"""

import argparse
import os
import random
import re
import shutil

WORDS = (
    "talks envoy plan ceasefire territory guarantee sanctions reconstruction delegation "
    "statement minister security agreement region border energy grain exchange prisoners "
    "monitoring council referendum sovereignty withdrawal corridor inspection treaty draft "
    "clause negotiation proposal readout briefing diplomat capital parliament economy fund "
    "assets reserves plant nuclear agency power water bridge port shipping market tariff "
    "week month round meeting partner allies framework text version points block status"
).split()
PARTIES = ["United States", "Russia", "Ukraine", "European Union", "Turkey", "China"]
PEOPLE = 60  # ten per party, each with a page
TERMS = 40  # the glossary's
STATUSES = ["agreed", "open", "disputed", "rejected"]
PLACES = ["Geneva", "Miami", "Moscow", "Istanbul", "Riyadh", "Brussels", "Kyiv", "Warsaw"]


def sentence(rng, lo=8, hi=18):
    words = [rng.choice(WORDS) for _ in range(rng.randint(lo, hi))]
    words[0] = words[0].capitalize()
    return " ".join(words) + "."


def article_body(rng, i, n, link):
    """About 600-900 words of Markdown. `link(j)` gives the link target of article j."""
    target = rng.randint(600, 900)
    parts, words, para = [], 0, 0
    while words < target:
        para += 1
        if para % 4 == 1:
            parts.append(f"## {sentence(rng, 3, 6)[:-1]}\n")
        sents = [sentence(rng) for _ in range(rng.randint(3, 6))]
        j = rng.randrange(n)
        sents[0] = sents[0].replace(" ", f" *{rng.choice(WORDS)}* ", 1)
        sents[1] = sents[1].replace(" ", f" **{rng.choice(WORDS)}** ", 1)
        sents[-1] = sents[-1][:-1] + f" (see [report {j}]({link(j)}) and [source](https://example.org/{i}/{para}))."
        if para == 2:
            sents[-1] += f"[^{para}]"
        text = " ".join(sents)
        parts.append(text + "\n")
        if para == 2:
            parts.append(f"[^{para}]: {sentence(rng)}\n")
        if para == 3:
            parts.append("\n".join(f"- {sentence(rng, 4, 9)}" for _ in range(rng.randint(3, 5))) + "\n")
        if para == 4:
            rows = "\n".join(f"| {rng.randint(1, 27)} | {rng.choice(STATUSES)} | {rng.choice(PARTIES)} |" for _ in range(4))
            parts.append("| Point | Status | Party |\n|---:|---|---|\n" + rows + "\n")
        if para == 5:
            parts.append("> " + sentence(rng) + "\n")
        words += len(text.split())
    return "\n".join(parts)


def date_of(i):
    # Spread over 2015-2025, day by day, deterministic.
    day = i % 28 + 1
    month = (i // 28) % 12 + 1
    year = 2015 + (i // (28 * 12)) % 11
    return f"{year:04d}-{month:02d}-{day:02d}"


def front_matter(rng, i):
    lines = [f'title: "Report {i}: {sentence(rng, 3, 7)[:-1]}"', f"date: {date_of(i)}",
             f'summary: "{sentence(rng)}"', f"tags: [{rng.choice(WORDS)}, {rng.choice(WORDS)}]",
             f'sources:\n  - {{name: "Wire {i % 17}", url: "https://example.org/wire/{i}", date: {date_of(i)}, kind: report}}']
    if rng.random() < 0.30:
        lines.append("events:")
        for _ in range(rng.randint(1, 3)):
            actors = ", ".join(rng.sample(PARTIES, 2))
            lines.append(f'  - {{date: {date_of(i)}, title: "{sentence(rng, 4, 8)[:-1]}", place: {rng.choice(PLACES)}, actors: [{actors}], points: [{rng.randint(1, 27)}]}}')
    if rng.random() < 0.10:
        lines.append("points:")
        for _ in range(rng.randint(1, 2)):
            party = rng.choice(PARTIES)
            # Some positions cover only part of a point.
            part = f', part: "the {rng.choice(WORDS)} clause"' if rng.random() < 0.3 else ""
            # Half the positions are a person's (the people pages), half a body's.
            if rng.random() < 0.5:
                who = f"by: person-{rng.randrange(PEOPLE)}"
            else:
                who = f'claimed_by: "{party} spokesperson", party: {party}'
            lines.append(f'  - {{point: {rng.randint(1, 27)}, status: {rng.choice(STATUSES)}, {who}{part}}}')
    return "\n".join(lines)


CYRILLIC = dict(zip("abcdefghijklmnopqrstuvwyz", "абцдефгхійклмнопкрстувиз"), x="кс")


def in_cyrillic(body):
    """The body with every vocabulary word spelled in Cyrillic letters (link targets kept),
    so that a translation is tokenised as Ukrainian text is."""
    vocabulary = set(WORDS)
    letter = lambda c: CYRILLIC.get(c.lower(), c).upper() if c.isupper() else CYRILLIC.get(c, c)
    spell = lambda m: "".join(map(letter, m.group(0))) if m.group(0).lower() in vocabulary else m.group(0)
    pieces = re.split(r"(\]\([^)]*\))", body)
    return "".join(p if p.startswith("](") else re.sub(r"[A-Za-z]+", spell, p) for p in pieces)


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


HUGO_CONFIG = """baseURL = "https://example.org/"
languageCode = "en"
title = "Benchmark briefing"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
[markup.goldmark.renderer]
unsafe = false
[markup.goldmark.extensions]
footnote = true
table = true
strikethrough = true
"""

HUGO_BASEOF = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title>
<link rel="stylesheet" href="{{ "static/style.css" | relURL }}"></head>
<body><header><a href="{{ "" | relURL }}">{{ .Site.Title }}</a></header>
<main>{{ block "main" . }}{{ end }}</main></body></html>
"""
HUGO_SINGLE = """{{ define "main" }}<article><h1>{{ .Title }}</h1><p><time>{{ .Date.Format "2 January 2006" }}</time></p>
<p>{{ .Summary }}</p>{{ .Content }}</article>{{ end }}
"""
HUGO_LIST = """{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Paginator.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "2 January 2006" }}</li>{{ end }}</ul>{{ end }}
"""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("n", type=int)
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=20251207)
    ap.add_argument("--uk", action="store_true", help="add a Ukrainian edition")
    args = ap.parse_args()
    n, out = args.n, args.out
    shutil.rmtree(out, ignore_errors=True)
    b, h = os.path.join(out, "briefing"), os.path.join(out, "hugo")

    blocks = "\n".join(f'    - {{id: {k}, title: "Block {k}"}}' for k in range(1, 5))
    # Every view on: the parties (positions table), three plan versions (side by side, the
    # framework revising the draft, with a reported count), quotes and summaries, claims on
    # part of a point, a point that appears later, the language, as-of snapshots (from the
    # claims), people and their positions, the glossary, the sources and print pages (from
    # the articles' sources and the points) and search (always built).
    parties = "\n".join(f'  - {{name: "{p}"}}' for p in PARTIES)
    versions = (
        '    - {id: draft, title: "First draft", date: 2025-11-20}\n'
        '    - {id: counter, title: "Counter-proposal", date: 2025-11-23}\n'
        '    - {id: framework, title: "Framework", date: 2025-12-01, from: draft, points: 28}\n'
    )
    write(os.path.join(b, "briefing.yaml"),
          f'title: "Benchmark briefing"\nlanguage: en\nparties:\n{parties}\n'
          f'plan:\n  title: "27-point plan"\n  blocks:\n{blocks}\n  versions:\n{versions}'
          + ('languages:\n  uk: {title: "Брифінг для вимірювань", plan: {title: "План із 27 пунктів"}}\n' if args.uk else ''))
    write(os.path.join(b, "content/_index.md"), '---\ntitle: "Benchmark briefing"\nsummary: "Synthetic."\n---\nLead.\n')
    rng = random.Random(args.seed)
    for p in range(1, 28):
        summary = sentence(rng)
        text = f"{sentence(rng)} {sentence(rng)}"
        # The draft quotes odd points and summarises even ones; the counter-proposal changes
        # every third point's words (quoted: word by word; summarised: a stated change) and
        # drops every ninth; the framework renumbers (its text is not public).
        key = "quote" if p % 2 else "summary"
        said = "changed" if p % 3 == 0 else "same"
        stated = "" if key == "quote" else f", change: {said}"
        counter = "{status: deleted}" if p % 9 == 0 else (
            f'{{number: {p}, {key}: "{summary} Amended."{stated}}}' if p % 3 == 0 else f'{{number: {p}, {key}: "{summary}"{stated}}}')
        entries = (f'versions:\n  draft: {{number: {p}, {key}: "{summary}"}}\n  counter: {counter}\n'
                   f'  framework: {{number: {28 - p}, status: unknown}}\n')
        write(os.path.join(b, f"content/points/{p:02d}.md"),
              f'---\nnumber: {p}\nblock: {(p - 1) // 7 + 1}\ntitle: "Point {p}"\nsummary: "{summary}"\n{entries}---\n\n{text}\n')
        if args.uk:
            write(os.path.join(b, f"content/points/{p:02d}.uk.md"),
                  f'---\ntitle: "Пункт {p}"\nsummary: "Переклад: {summary}"\n---\n\nПереклад. {text}\n')

    # The people (a page each, and their positions on the point pages) and the glossary.
    for k in range(PEOPLE):
        write(os.path.join(b, f"content/people/person-{k}.md"),
              f'---\nname: "Person {k}"\nparty: {PARTIES[k % len(PARTIES)]}\n'
              f'roles:\n  - {{title: "Negotiator {k}"}}\n---\n\n{sentence(rng)}\n')
    terms = "".join(f'  - term: "Term {k} {rng.choice(WORDS)}"\n    definition: "{sentence(rng)}"\n'
                    for k in range(TERMS))
    write(os.path.join(b, "content/glossary.md"), f'---\ntitle: "Glossary"\nterms:\n{terms}---\n\nTerms.\n')

    # A point that only the framework has.
    write(os.path.join(b, "content/points/28.md"),
          '---\nnumber: 28\nblock: 4\ntitle: "Point 28"\nsince: framework\n'
          'versions:\n  draft: {status: absent}\n  framework: {number: 28, summary: "A new point."}\n---\n\nNew.\n')

    write(os.path.join(h, "hugo.toml"), HUGO_CONFIG)
    write(os.path.join(h, "layouts/_default/baseof.html"), HUGO_BASEOF)
    write(os.path.join(h, "layouts/_default/single.html"), HUGO_SINGLE)
    write(os.path.join(h, "layouts/_default/list.html"), HUGO_LIST)
    write(os.path.join(h, "layouts/index.html"), HUGO_LIST)
    write(os.path.join(h, "static/static/style.css"), "body{font-family:system-ui}\n")

    names = [f"{date_of(i)}-report-{i}" for i in range(n)]
    for i in range(n):
        # One generator per article so both sites get byte-identical bodies.
        body_seed = rng.randrange(2**32)
        fm = front_matter(rng, i)
        body_b = article_body(random.Random(body_seed), i, n, lambda j: f"{names[j]}.md")
        body_h = article_body(random.Random(body_seed), i, n, lambda j: f"../{names[j]}/")
        write(os.path.join(b, f"content/articles/{names[i]}.md"), f"---\n{fm}\n---\n\n{body_b}")
        if args.uk:
            write(os.path.join(b, f"content/articles/{names[i]}.uk.md"),
                  f'---\ntitle: "Звіт {i}"\nsummary: "Переклад звіту {i}."\n---\n\nПереклад.\n\n{in_cyrillic(body_b)}')
        title = fm.split("\n", 1)[0].split(": ", 1)[1]
        write(os.path.join(h, f"content/posts/{names[i]}.md"),
              f"---\ntitle: {title}\ndate: {date_of(i)}\nslug: {names[i]}\nurl: /articles/{names[i]}/\n---\n\n{body_h}")


if __name__ == "__main__":
    main()
