"""Pair precision and recall of quote matching.

Two sets (docs/matching.md explains both):

* ``--generated FILE`` — the labelled variants from scripts/make_match_eval.py: gold pairs are
  quotes of the same group; every predicted pair is judged.
* ``--silver`` — ../shared/corpus/polnear-crossoutlet-silver.jsonl (machine-found, not
  hand-checked). Quotes are every stretch inside quotation marks of the annotated attributions
  of polnear-train/dev (speaker: the annotated surname; pronouns unknown). Recall: a silver pair
  is found when a quote inside member i and one inside member j share a cluster. Precision is
  judged only where silver can judge (both quotes inside silver members: same group = right,
  different groups = wrong); ``--sample N`` prints N other predicted cross-article pairs to
  check by hand.

Usage::

    python scripts/make_match_eval.py --out /tmp/match_eval.jsonl
    python scripts/eval_match.py --generated /tmp/match_eval.jsonl
    python scripts/eval_match.py --silver --sample 40
"""

from __future__ import annotations

import argparse
import collections
import itertools
import json
import pathlib
import random
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

from provenance.match import QuoteRow, match_quotes  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"


def pairs_of(groups) -> set[tuple[int, int]]:
    out = set()
    for members in groups:
        for a, b in itertools.combinations(sorted(members), 2):
            out.add((a, b))
    return out


def speaker_ids(names):
    ids = {}
    return [None if n is None else ids.setdefault(n, len(ids) + 1) for n in names]


def eval_generated(path: str, show: int) -> None:
    rows = [json.loads(line) for line in open(path, encoding="utf-8")]
    sids = speaker_ids([r["speaker"] for r in rows])
    quote_rows = [QuoteRow(r["id"], r["text"], r["article"], s, r["published"], r["outlet"]) for r, s in zip(rows, sids)]
    started = time.perf_counter()
    result = match_quotes(quote_rows)
    seconds = time.perf_counter() - started
    gold_groups = collections.defaultdict(list)
    for r in rows:
        gold_groups[r["group"]].append(r["id"])
    gold = pairs_of(gold_groups.values())
    predicted = pairs_of(c.quote_ids for c in result.clusters)
    tp = len(gold & predicted)
    precision = tp / len(predicted) if predicted else 1.0
    recall = tp / len(gold) if gold else 1.0
    print(f"generated set: {len(rows)} quotes, {len(gold_groups)} groups, {len(gold)} gold pairs, "
          f"{len(predicted)} predicted pairs, matched in {seconds:.1f}s")
    print(f"pair precision {precision:.4f}  recall {recall:.4f}  F1 {2 * precision * recall / max(1e-9, precision + recall):.4f}")
    by_id = {r["id"]: r for r in rows}
    source_of = {r["group"]: r["id"] for r in rows if r["transform"] == "source"}
    per_transform = collections.Counter()
    found_transform = collections.Counter()
    for r in rows:
        if r["transform"] in ("source", "other_speaker"):
            continue
        pair = tuple(sorted((r["id"], source_of[r["group"]])))
        per_transform[r["transform"]] += 1
        found_transform[r["transform"]] += pair in predicted
    print("recall of variant↔source pairs by transform:")
    for transform, n in sorted(per_transform.items()):
        print(f"  {transform:14} {found_transform[transform] / n:.3f}  ({n})")
    wrong = sorted(predicted - gold)
    other = sum(1 for a, b in wrong if "other_speaker" in (by_id[a]["transform"], by_id[b]["transform"]))
    print(f"false pairs: {len(wrong)} ({other} involve an other-speaker copy)")
    rng = random.Random(0)
    for a, b in rng.sample(wrong, min(show, len(wrong))):
        print(f"  FP [{by_id[a]['speaker']}|{by_id[a]['transform']}] {by_id[a]['text'][:110]!r}\n"
              f"     [{by_id[b]['speaker']}|{by_id[b]['transform']}] {by_id[b]['text'][:110]!r}")
    missed = sorted(gold - predicted)
    for a, b in rng.sample(missed, min(show, len(missed))):
        print(f"  FN [{by_id[a]['transform']}] {by_id[a]['text'][:110]!r}\n     [{by_id[b]['transform']}] {by_id[b]['text'][:110]!r}")


def eval_silver(sample: int) -> None:
    from make_match_eval import quoted_stretches, surname

    docs = {}
    for name in ("polnear-train.jsonl", "polnear-dev.jsonl"):
        for line in open(CORPUS / name, encoding="utf-8"):
            doc = json.loads(line)
            docs[doc["id"]] = doc
    rows, spans = [], []  # spans: (doc id, start, end) of each quote row
    article_of = {doc_id: i + 1 for i, doc_id in enumerate(docs)}
    names = []
    for doc_id, doc in docs.items():
        for q in doc["quotes"]:
            for offset, text in quoted_stretches(q["text"]):
                start = q["start"] + offset
                rows.append(QuoteRow(len(rows) + 1, text, article_of[doc_id], None, doc.get("date"), doc.get("outlet"), start))
                spans.append((doc_id, start, start + len(text)))
                names.append(surname(q.get("speaker")))
    for row, sid in zip(rows, speaker_ids(names)):
        row.speaker_id = sid
    started = time.perf_counter()
    result = match_quotes(rows)
    seconds = time.perf_counter() - started
    cluster_of = {q: c.id for c in result.clusters for q in c.quote_ids}
    silver = [json.loads(line) for line in open(CORPUS / "polnear-crossoutlet-silver.jsonl", encoding="utf-8")]
    by_doc = collections.defaultdict(list)
    for index, (doc_id, start, end) in enumerate(spans):
        by_doc[doc_id].append((start, end, rows[index].id))

    def inside(member) -> list[int]:
        return [qid for s, e, qid in by_doc[member["doc_id"]] if s < member["end"] and e > member["start"]]

    member_of: dict[int, int] = {}
    found = total = 0
    misses = []
    for g, group in enumerate(silver):
        quotes = [inside(m) for m in group["members"]]
        for qs in quotes:
            for q in qs:
                member_of.setdefault(q, g)
        for i, j, _ in group["pairs"]:
            total += 1
            hit = any(cluster_of.get(a) is not None and cluster_of.get(a) == cluster_of.get(b) for a in quotes[i] for b in quotes[j])
            found += hit
            if not hit:
                misses.append((g, i, j))
    predicted = set()
    row_by_id = {r.id: r for r in rows}
    for c in result.clusters:
        for a, b in itertools.combinations(sorted(c.quote_ids), 2):
            if row_by_id[a].article_id != row_by_id[b].article_id:
                predicted.add((a, b))
    judged = [(a, b) for a, b in predicted if a in member_of and b in member_of]
    right = sum(member_of[a] == member_of[b] for a, b in judged)
    unjudged = sorted(p for p in predicted if p not in set(judged))
    print(f"silver: {len(rows)} quoted stretches from {len(docs)} articles, matched in {seconds:.1f}s; "
          f"{len(predicted)} predicted cross-article pairs")
    print(f"silver pair recall {found}/{total} = {found / total:.3f}")
    print(f"precision where silver judges: {right}/{len(judged)} = {right / max(1, len(judged)):.3f}; "
          f"{len(unjudged)} predicted pairs outside silver")
    for g, i, j in misses:
        members = silver[g]["members"]
        print(f"  missed group {g} {i}-{j}: {members[i]['speaker']!r} vs {members[j]['speaker']!r}")
    rng = random.Random(0)
    for a, b in rng.sample(unjudged, min(sample, len(unjudged))):
        ra, rb = row_by_id[a], row_by_id[b]
        print(f"  PAIR {names[a - 1]} / {names[b - 1]}\n    {ra.text[:150]!r}\n    {rb.text[:150]!r}")


def main():
    parser = argparse.ArgumentParser(description="Pair precision/recall of quote matching")
    parser.add_argument("--generated", help="JSONL from scripts/make_match_eval.py")
    parser.add_argument("--silver", action="store_true", help="score on the cross-outlet silver groups")
    parser.add_argument("--sample", type=int, default=0, help="print N unjudged predicted pairs (silver) / errors (generated)")
    args = parser.parse_args()
    if args.generated:
        eval_generated(args.generated, args.sample)
    if args.silver:
        eval_silver(args.sample)


if __name__ == "__main__":
    main()
