"""Benchmark: extract every article of a JSON-lines corpus in one process.

    python bench/bench_extract.py ../shared/corpus/polnear-train.jsonl [--repeat 3] [--model MODEL.json]

Prints docs/s (extraction only; reading and JSON parsing are timed apart) in wall and CPU
time, the load average before and after, and the peak resident memory of the process. Not
a test: timings depend on the machine.

On a machine shared with other jobs, wall and even CPU time swing by a quarter between runs.
A steadier figure follows: each article's fastest extraction over the passes, summed. It
estimates the speed on a quiet machine and is labelled as such, never as the measured speed.
The last line times the whole-text scans alone (sentence split, quote marks, cue words,
tokens): the speed extraction could reach if attribution itself cost nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time

from provenance.attribute import extract
from provenance.model import Article


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus")
    parser.add_argument("--repeat", type=int, default=3, help="passes over the corpus; the best is reported")
    parser.add_argument("--model", help="add the learned sieve with this model (provenance train-model)")
    args = parser.parse_args()
    model = None
    if args.model:
        from provenance.attribute.learned import AttributionModel

        with open(args.model, encoding="utf-8") as handle:
            model = AttributionModel.from_dict(json.load(handle))
    with open(args.corpus, encoding="utf-8") as handle:
        articles = [Article(text=json.loads(line)["text"]) for line in handle if line.strip()]
    load_before = os.getloadavg()[0]
    best = best_cpu = None
    fastest = [float("inf")] * len(articles)  # per article, over the passes
    quotes = claims = 0
    for _ in range(args.repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        quotes = claims = 0
        for number, article in enumerate(articles):
            article_started = time.perf_counter()
            extraction = extract(article, model=model)
            fastest[number] = min(fastest[number], time.perf_counter() - article_started)
            quotes += len(extraction.quotes)
            claims += len(extraction.claims)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - started_cpu
        best = elapsed if best is None else min(best, elapsed)
        best_cpu = cpu if best_cpu is None else min(best_cpu, cpu)
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    chars = sum(len(a.text) for a in articles)
    quiet = sum(fastest)
    print(f"articles {len(articles)}  chars {chars}  quotes {quotes}  claims {claims}")
    print(f"best of {args.repeat}: {best:.2f} s wall  {len(articles) / best:.0f} docs/s  {chars / best / 1e6:.2f} M chars/s")
    # CPU time is less sensitive to other jobs on a shared machine than wall time.
    print(f"best CPU time: {best_cpu:.2f} s  {len(articles) / best_cpu:.0f} docs/s of CPU")
    print(f"load average before {load_before:.1f}, at the end {os.getloadavg()[0]:.1f}")
    print(f"peak RSS {peak_kib / 1024:.1f} MiB")
    print(f"quiet-machine estimate (each article's fastest pass, summed): {quiet:.2f} s  {len(articles) / quiet:.0f} docs/s")
    passes = whole_text_passes([a.text for a in articles], args.repeat)
    print(f"whole-text passes alone (sentences, paragraphs, quote marks, cue words, tokens), best of "
          f"{args.repeat}: {passes:.2f} s = {passes / quiet:.0%} of extraction, "
          f"a ceiling of {len(articles) / passes:.0f} docs/s before any attribution")


def whole_text_passes(texts: list[str], repeat: int) -> float:
    """Seconds for the scans every article gets before attribution starts: how fast extraction
    could be if attributing cost nothing."""
    from provenance.attribute.cues import cue_words
    from provenance.attribute.quotes import find_spans
    from provenance.attribute.sources import tokens
    from provenance.attribute.text import paragraph_spans, sentence_spans

    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        for text in texts:
            sentence_spans(text)
            paragraph_spans(text)
            find_spans(text)
            cue_words(text)
            tokens(text, 0, len(text))  # tokenises the article (cached for the last article only)
        best = min(best, time.perf_counter() - started)
    return best


if __name__ == "__main__":
    sys.exit(main())
