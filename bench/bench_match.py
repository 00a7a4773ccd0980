"""Scale benchmark for quote matching: wall time and peak RSS for N quotes (not a test).

Data (built before the clock starts, from ../shared/corpus, never saved):
* groups: a source quote and 1–4 variants made by scripts/make_match_eval.py's transforms
  (identical, typography, bracket, dropped clause, truncation, extension, spin, contractions,
  reorder). Sources are the corpus's own quotes first, then — to reach 1M without repeating
  them — synthetic quote-like sentences from a word-bigram chain over the corpus text;
* distractors: further bigram-chain sentences of 8–35 words, each in its own article.
``--variant-share`` (default 0.4) of the quotes are in groups.

Timed: ``match.match_quotes`` on all rows (normalise, keys, candidates, verification,
clustering, variant descriptions). Peak RSS is the process's ru_maxrss after the run.

Usage: ``python bench/bench_match.py --quotes 100000 --repeat 3`` (then 1000000). Prints one
JSON line; with ``--repeat`` the times are medians over runs on the same data (all runs listed).
``--quotes 1000000 --growth --repeat 3`` times 100k and 1M alternately in one process and
prints each 1M run over the mean of the 100k runs beside it (the growth goal: ≤ 12×).
"""

from __future__ import annotations

import argparse
import collections
import json
import pathlib
import random
import resource
import statistics
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

import make_match_eval as gen  # noqa: E402
from provenance.match import QuoteRow, match_quotes  # noqa: E402


def bigram_chain(paths):
    follow = collections.defaultdict(list)
    for path in paths:
        for line in open(path, encoding="utf-8"):
            words = json.loads(line)["text"].split()
            for a, b in zip(words, words[1:]):
                follow[a].append(b)
    return {k: v for k, v in follow.items() if v}


def sentence(rng, chain, starts, low=8, high=35):
    word = rng.choice(starts)
    out = [word]
    for _ in range(rng.randint(low, high) - 1):
        nxt = chain.get(word)
        if not nxt:
            word = rng.choice(starts)
        else:
            word = rng.choice(nxt)
        out.append(word)
    return " ".join(out)


def build(n_quotes: int, variant_share: float, seed: int):
    rng = random.Random(seed)
    paths = [gen.CORPUS / "polnear-train.jsonl", gen.CORPUS / "polnear-dev.jsonl"]
    corpus_sources = gen.dedupe(gen.sources(paths))
    titles = [json.loads(line).get("title") or "" for p in paths for line in open(p, encoding="utf-8")]
    titles = [t for t in titles if len(t.split()) >= 5]
    chain = bigram_chain(paths)
    starts = [w for w in chain if w[:1].isupper()]
    known = gen.matcher_synonyms()
    table = {**{k: known[k] for k in sorted(known)[::2]}, **gen.EXTRA_SYNONYMS}
    transforms = {
        "identical": lambda t: t, "typography": lambda t: gen.typography(rng, t), "bracket": lambda t: gen.bracket(rng, t),
        "drop_clause": lambda t: gen.drop_clause(rng, t), "truncate": lambda t: gen.truncate(rng, t),
        "extend": lambda t: gen.extend(rng, t, titles), "spin": lambda t: gen.spin(rng, t, table),
        "contractions": lambda t: gen.contractions(rng, t), "reorder": lambda t: gen.reorder(rng, t),
    }
    names = list(transforms)
    rows, groups = [], []
    target_grouped = int(n_quotes * variant_share)
    article = 0
    source_index = 0
    while len(rows) < target_grouped:
        if source_index < len(corpus_sources):
            text, speaker = corpus_sources[source_index]["text"], corpus_sources[source_index]["speaker"]
        else:
            text, speaker = sentence(rng, chain, starts, 10, 35), f"s{rng.randrange(5000)}"
        source_index += 1
        group = [text] + [transforms[name](text) for name in rng.sample(names, rng.randint(1, 4))]
        group = [t for t in group if t]
        ids = []
        for k, t in enumerate(group):
            article += 1
            rows.append(QuoteRow(len(rows) + 1, t, article, None if rng.random() < 0.3 else hash(speaker) & 0xFFFFFF,
                                 f"2016-{1 + k:02d}-01", f"outlet{article % 40}"))
            ids.append(len(rows))
        groups.append(ids)
    while len(rows) < n_quotes:
        article += 1
        rows.append(QuoteRow(len(rows) + 1, sentence(rng, chain, starts), article, rng.randrange(1, 20000),
                             "2016-06-01", f"outlet{article % 40}"))
    return rows[:n_quotes], groups


def main():
    parser = argparse.ArgumentParser(description="time and memory of match_quotes on N quotes")
    parser.add_argument("--quotes", type=int, default=100_000)
    parser.add_argument("--variant-share", type=float, default=0.4)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=1,
                        help="match the same data N times and report the median (one run is a noisy yardstick)")
    parser.add_argument("--growth", action="store_true",
                        help="time QUOTES/10 and QUOTES alternately (small, large, small, ..., small; --repeat large "
                             "runs) and report each large run over the mean of the two small runs beside it, so the "
                             "host's drift between runs hits both sizes alike")
    args = parser.parse_args()
    if args.growth:
        return growth(args)
    t0 = time.perf_counter()
    rows, groups = build(args.quotes, args.variant_share, args.seed)
    built = time.perf_counter() - t0
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    walls, cpus = [], []
    for _ in range(args.repeat):
        result = None  # the previous run's result is freed before the next one starts
        t1 = time.perf_counter()
        cpu0 = time.process_time()
        result = match_quotes(rows)
        walls.append(time.perf_counter() - t1)
        cpus.append(time.process_time() - cpu0)
    seconds, cpu = statistics.median(walls), statistics.median(cpus)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    cluster_of = {q: c.id for c in result.clusters for q in c.quote_ids}
    # group recall: share of variant→source pairs that ended in one cluster
    pairs = [(g[0], q) for g in groups for q in g[1:] if q <= len(rows)]
    together = sum(1 for a, b in pairs if cluster_of.get(a) is not None and cluster_of.get(a) == cluster_of.get(b))
    print(json.dumps({
        "quotes": len(rows), "groups": len(groups), "build_data_s": round(built, 1),
        "match_wall_s": round(seconds, 1), "match_cpu_s": round(cpu, 1),
        "runs_wall_s": [round(w, 1) for w in walls], "runs_cpu_s": [round(c, 1) for c in cpus],
        "peak_rss_mb": round(peak), "rss_before_match_mb": round(rss_before),
        "clusters": len(result.clusters), "links": len(result.links),
        "variant_source_pairs_clustered": round(together / max(1, len(pairs)), 4),
        "load_avg_1min": round(__import__("os").getloadavg()[0], 2),
    }))


def growth(args) -> None:
    """Growth from QUOTES/10 to QUOTES quotes, with both sizes timed side by side."""
    small_rows, _ = build(args.quotes // 10, args.variant_share, args.seed)
    large_rows, _ = build(args.quotes, args.variant_share, args.seed)

    def timed(rows) -> float:
        started = time.perf_counter()
        match_quotes(rows)
        return time.perf_counter() - started

    small = [timed(small_rows)]
    large = []
    for _ in range(max(1, args.repeat)):
        large.append(timed(large_rows))
        small.append(timed(small_rows))
    ratios = [big / ((small[n] + small[n + 1]) / 2) for n, big in enumerate(large)]
    print(json.dumps({
        "small_quotes": len(small_rows), "large_quotes": len(large_rows),
        "small_runs_wall_s": [round(x, 1) for x in small], "large_runs_wall_s": [round(x, 1) for x in large],
        "ratios": [round(r, 2) for r in ratios], "median_ratio": round(statistics.median(ratios), 2),
        "ratio_of_medians": round(statistics.median(large) / statistics.median(small), 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "load_avg_1min": round(__import__("os").getloadavg()[0], 2),
    }))


if __name__ == "__main__":
    main()
