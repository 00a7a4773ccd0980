"""How fast the provenance pages answer on a large database (prints figures; asserts nothing).

    python bench/bench_serve.py --quotes 200000

Builds a synthetic database (random sentences from a small vocabulary, no corpus text) in a
temp dir, then times the first-appearance search, the changed-wording and speaker pages
through Datasette in-process, with the same settings as ``provenance serve``.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import tempfile
import time
from pathlib import Path

from provenance.serve import build_datasette
from provenance.store import open_db

VOCABULARY = ("security system armenia alliance moscow baku talks peace minister foreign policy "
              "ineffective protecting interests blackmail change government crisis border troops "
              "agreement summit election economy sanctions energy treaty parliament opposition "
              "reform protest ceasefire region influence partner member deter aggressive").split()


def build(path: Path, n_quotes: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    # Zipf-like word frequencies over a 5,000-word vocabulary, roughly as in news text.
    words = VOCABULARY + [f"word{i}" for i in range(5000)]
    weights = [1 / rank for rank in range(1, len(words) + 1)]
    db = open_db(str(path))
    n_articles = max(1, n_quotes // 10)
    db["speakers"].insert_all({"id": i, "name": f"Speaker {i}"} for i in range(1, 1001))
    db["articles"].insert_all(
        {"id": i, "content_hash": f"h{i}", "outlet": f"outlet{i % 50}", "published": f"20{10 + i % 14}-0{1 + i % 9}-1{i % 10}",
         "title": f"Article {i}", "text": "synthetic"} for i in range(1, n_articles + 1))
    db["quote_clusters"].insert_all(
        {"id": i, "canonical_text": "", "first_published": "2020-01-01", "n_quotes": 2, "n_articles": 2, "n_outlets": 2}
        for i in range(1, n_quotes // 20 + 1))
    db["quotes"].insert_all(
        ({"id": i, "article_id": 1 + i % n_articles, "speaker_id": 1 + i % 1000, "kind": "full",
          "text": " ".join(rng.choices(words, weights, k=rng.randint(6, 30))),
          "cluster_id": (1 + i % (n_quotes // 20)) if i % 2 else None} for i in range(1, n_quotes + 1)),
        batch_size=5000)
    db.execute("update quote_clusters set canonical_text = (select text from quotes where cluster_id = quote_clusters.id order by id limit 1)")
    db.conn.commit()
    db.conn.close()
    return str(path)


async def timed(ds, path: str) -> tuple[float, int]:
    start = time.perf_counter()
    response = await ds.client.get(path)
    return time.perf_counter() - start, response.status_code


async def main(n_quotes: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        db_path = build(Path(tmp) / "provenance.db", n_quotes)
        print(f"built {n_quotes:,} quotes in {time.perf_counter() - start:.1f} s")
        ds = build_datasette(db_path)
        for path in ("/-/first-appearance?q=the+foreign+security+system+proved+ineffective+in+protecting",
                     "/-/first-appearance?q=blackmail", "/-/changed-wording", "/-/speaker?name=Speaker+7",
                     "/provenance/quotes_by_speaker?_search=ceasefire"):
            seconds, status = await timed(ds, path)
            print(f"{seconds:7.2f} s  HTTP {status}  {path}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quotes", type=int, default=200_000)
    asyncio.run(main(parser.parse_args().quotes))
