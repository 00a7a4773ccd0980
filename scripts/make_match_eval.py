"""Generate a labelled set of edited and spun quote variants from corpus quotes (for eval_match.py).

Procedure (documented in docs/matching.md; the output is not committed — the corpus has no licence):

1. **Sources**: every stretch inside quotation marks of the annotated attributions in
   ../shared/corpus/polnear-{train,dev}.jsonl with ≥ 8 words; speaker = the annotated speaker's
   surname (pronouns and descriptions → unknown). Sources sharing any 5-word run with an earlier
   source are dropped, so no two groups are secretly the same quote.
2. **Variants** of each source (each a new "article" with a later date), drawn at random:
   identical copy · typography (curly/straight/NYT quotes, case of the first letter, trailing
   punctuation) · editorial bracket insertion ("Bill [Clinton]") · dropped clause or 2–4 words ·
   truncation (a contiguous run of ≥ 6 words and ≥ 40 % of the words) · extension (words of a corpus
   headline appended) · spin (25–40 % of the replaceable words swapped for
   synonyms — half of the generator's thesaurus is *not* in the matcher's table, so unknown
   synonyms are tested too) · contraction changes ("did not"↔"didn't") · clause reorder.
   Variants keep the source's speaker, or have no speaker (unattributed copy).
3. **Hard negatives**: the same source text under a *different* known speaker (must stay a
   separate group), and sources by the same speaker that share topic words (they are
   distinct groups already).

Output: one JSON object per line: id, group, article, published, outlet, speaker, text,
transform. Usage: ``python scripts/make_match_eval.py --out /tmp/match_eval.jsonl [--seed 1]``.
"""

from __future__ import annotations

import argparse
import json
import pathlib
import random
import re
import sys

CORPUS = pathlib.Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
QUOTED = re.compile(r"[“\"]([^“”\"]*?)[”\"]|''(.*?)''", re.S)
PRONOUNS = {"he", "she", "they", "i", "we", "it", "him", "her", "you", "who"}

# Generator-only synonyms: NOT in provenance.spin (so matching cannot just look them up).
EXTRA_SYNONYMS = {
    "great": "wonderful", "bad": "poor", "going": "heading", "country": "homeland", "people": "persons",
    "think": "believe", "know": "realise", "make": "create", "said": "remarked", "big": "massive",
    "important": "crucial", "problem": "trouble", "money": "cash", "job": "post", "jobs": "posts",
    "get": "obtain", "want": "desire", "need": "require", "help": "support", "very": "highly",
    "really": "truly", "good": "fine", "support": "back", "change": "alter", "believe": "trust",
    "right": "correct", "work": "labour", "plan": "scheme", "fight": "battle", "world": "planet",
    "stop": "halt", "tell": "inform", "look": "glance", "clear": "obvious", "strong": "powerful",
}


sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "src"))


def quoted_stretches(text: str) -> list[tuple[int, str]]:
    """(offset, words) inside each pair of quotation marks; an annotated span that starts
    inside a quote (only a closing mark before any opening one) counts from its start."""
    out = []
    first_open = min([i for i in (text.find("“"), text.find('"'), text.find("''")) if i >= 0], default=len(text))
    first_close = text.find("”")
    if 0 <= first_close < first_open:
        out.append((0, text[:first_close]))
    for m in QUOTED.finditer(text):
        group = 1 if m.group(1) is not None else 2
        out.append((m.start(group), m.group(group)))
    return [(offset, t.strip()) for offset, t in out if t.strip()]


def matcher_synonyms() -> dict[str, str]:
    from provenance.spin import SYNONYM_GROUPS

    table = {}
    for group in SYNONYM_GROUPS:
        singles = [w for w in group if " " not in w]
        for i, word in enumerate(singles):
            others = singles[:i] + singles[i + 1 :]
            if others:
                table.setdefault(word, others[0])
    return table


def surname(speaker: str | None) -> str | None:
    """The annotated speaker's surname, accents folded; None for pronouns and descriptions.

    "Senate Majority Leader Mitch McConnell, R-Ky.," → "mcconnell"; "Calderón" → "calderon";
    "his longtime personal physician" → None.
    """
    from provenance.identity import name_parts

    if not speaker:
        return None
    head = re.sub(r"[’']s\b", "", speaker.split(",")[0]).strip()
    tokens = head.split()
    if not tokens or tokens[0].lower() in PRONOUNS or tokens[0].lower() in {"the", "a", "an", "his", "her", "its", "their"}:
        return None
    caps = [t for t in tokens if t[:1].isupper()]
    if not caps:
        return None
    parts = name_parts(" ".join(tokens[tokens.index(caps[0]):]))
    return parts.surname if parts else None


def sources(paths) -> list[dict]:
    found = []
    for path in paths:
        for line in open(path, encoding="utf-8"):
            doc = json.loads(line)
            for q in doc["quotes"]:
                for _, text in quoted_stretches(q["text"]):
                    text = text.strip(",")
                    if len(text.split()) >= 8:
                        found.append({"text": text, "speaker": surname(q.get("speaker")), "doc": doc["id"],
                                      "date": doc.get("date") or "2016-01-01", "outlet": doc.get("outlet")})
    return found


def five_grams(text: str) -> set[str]:
    w = re.findall(r"[a-z0-9]+", text.lower())
    return {" ".join(w[i : i + 5]) for i in range(len(w) - 4)}


def dedupe(items: list[dict]) -> list[dict]:
    seen: set[str] = set()
    kept = []
    for item in items:
        grams = five_grams(item["text"])
        if grams & seen:
            continue
        seen |= grams
        kept.append(item)
    return kept


# ---------------------------------------------------------------- transforms (each: rng, text → text)


def typography(rng, text):
    text = text.replace("'", "’") if rng.random() < 0.5 else text.replace("’", "'")
    text = text[0].lower() + text[1:] if rng.random() < 0.5 else text
    return text.rstrip(".!?,") + rng.choice(["", ".", ",", "..."])


def bracket(rng, text):
    words = text.split()
    i = rng.randrange(1, len(words))
    return " ".join(words[:i] + [rng.choice(["[sic]", "[the U.S.]", "[Clinton]", "[him]", "[they]"])] + words[i:])


def drop_clause(rng, text):
    parts = re.split(r"(?<=,)\s+", text)
    if len(parts) >= 3:
        i = rng.randrange(1, len(parts) - 1)
        return " ".join(parts[:i] + parts[i + 1 :])
    words = text.split()
    n = rng.randint(2, min(4, max(2, len(words) // 5)))
    i = rng.randrange(1, max(2, len(words) - n))
    return " ".join(words[:i] + words[i + n :])


def truncate(rng, text):
    words = text.split()
    size = max(6, int(len(words) * rng.uniform(0.4, 0.8)))
    if size >= len(words):
        size = len(words) - 1
    start = rng.randrange(0, len(words) - size + 1)
    return " ".join(words[start : start + size])


def extend(rng, text, titles):
    other = rng.choice(titles).split()
    return text.rstrip() + " " + " ".join(other[: rng.randint(5, 12)])


def spin(rng, text, table):
    words = text.split()
    slots = [i for i, w in enumerate(words) if re.sub(r"\W", "", w.lower()) in table]
    if not slots:
        return None
    k = max(1, int(len(slots) * rng.uniform(0.25, 0.4)))
    for i in rng.sample(slots, min(k, len(slots))):
        core = re.sub(r"\W", "", words[i].lower())
        new = table[core]
        words[i] = (new.capitalize() if words[i][:1].isupper() else new) + re.sub(r"^[\w’']+", "", words[i])
    return " ".join(words)


def contractions(rng, text):
    pairs = [("did not", "didn’t"), ("do not", "don’t"), ("is not", "isn’t"), ("it is", "it’s"), ("I am", "I’m"),
             ("we are", "we’re"), ("can not", "can’t"), ("will not", "won’t"), ("they are", "they’re")]
    out = text
    for long_, short in pairs:
        if long_ in out:
            out = out.replace(long_, short)
        elif short in out or short.replace("’", "'") in out:
            out = out.replace(short, long_).replace(short.replace("’", "'"), long_)
    return out if out != text else None


def reorder(rng, text):
    parts = [p for p in re.split(r"(?<=[,;])\s+", text) if p]
    if len(parts) < 2:
        return None
    i = rng.randrange(0, len(parts) - 1)
    parts[i], parts[i + 1] = parts[i + 1], parts[i]
    return " ".join(parts)


def generate(seed: int, max_sources: int | None):
    rng = random.Random(seed)
    paths = [CORPUS / "polnear-train.jsonl", CORPUS / "polnear-dev.jsonl"]
    pool = dedupe(sources(paths))
    titles = [json.loads(line).get("title") or "" for path in paths for line in open(path, encoding="utf-8")]
    titles = [t for t in titles if len(t.split()) >= 5]
    rng.shuffle(pool)
    if max_sources:
        pool = pool[:max_sources]
    known = matcher_synonyms()
    keys = sorted(known)
    held_in = {k: known[k] for k in keys[::2]}  # half of the matcher's table...
    table = {**held_in, **EXTRA_SYNONYMS}  # ...plus synonyms it has never seen
    speakers = sorted({s["speaker"] for s in pool if s["speaker"]})
    rows, next_id, article = [], 1, 1
    for group, src in enumerate(pool):
        year, month, day = (src["date"] + "-01-01").split("-")[:3]
        base_date = f"{year}-{month}-{day[:2]}"

        def add(text, transform, speaker, offset_days, grp=group):
            nonlocal next_id, article
            if not text:
                return
            rows.append({"id": next_id, "group": grp, "article": article, "published": _shift(base_date, offset_days),
                         "outlet": f"outlet{article % 50}", "speaker": speaker, "text": text, "transform": transform})
            next_id += 1
            article += 1

        add(src["text"], "source", src["speaker"], 0)
        choices = ["identical", "typography", "bracket", "drop_clause", "truncate", "extend", "spin", "spin",
                   "contractions", "reorder", "spin+truncate"]
        for n, transform in enumerate(rng.sample(choices, rng.randint(1, 4))):
            text = {
                "identical": lambda t: t, "typography": lambda t: typography(rng, t), "bracket": lambda t: bracket(rng, t),
                "drop_clause": lambda t: drop_clause(rng, t), "truncate": lambda t: truncate(rng, t),
                "extend": lambda t: extend(rng, t, titles), "spin": lambda t: spin(rng, t, table),
                "contractions": lambda t: contractions(rng, t), "reorder": lambda t: reorder(rng, t),
                "spin+truncate": lambda t: (lambda s: truncate(rng, s) if s else None)(spin(rng, t, table)),
            }[transform](src["text"])
            speaker = src["speaker"] if rng.random() < 0.7 else None
            add(text, transform, speaker, n + 1)
        if src["speaker"] and rng.random() < 0.1 and len(speakers) > 1:
            other = rng.choice([s for s in speakers if s != src["speaker"]])
            add(src["text"], "other_speaker", other, 9, grp=f"{group}-other")
    return rows


def _shift(date: str, days: int) -> str:
    import datetime as dt

    try:
        return (dt.date.fromisoformat(date) + dt.timedelta(days=days)).isoformat()
    except ValueError:
        return date


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--max-sources", type=int)
    args = parser.parse_args()
    rows = generate(args.seed, args.max_sources)
    with open(args.out, "w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    groups = len({r["group"] for r in rows})
    print(f"{len(rows)} quotes in {groups} groups → {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
