"""Benchmark: `provenance ingest` end to end (read, parse, store with FTS, match) at volume.

    python bench/bench_ingest.py [--articles 10000] [--jobs N] [--as jsonl|warc] [--corpus FILE]

Replicates the corpus to N articles (replica k > 0 gets a "Replica k." line appended, so every
article has distinct text and none is deduplicated), writes them as one JSON-lines file in a
temporary folder, and runs the real command in a child process into a new database. Prints
wall time, docs/s, the ingest summary's own figures, the matching time (what the command
spends after the loading loop), and the child's peak resident memory. Not a test: timings
depend on the machine and on what else runs on it, so the last line gives the host's speed
just before and after the run (extraction of the corpus's first 200 articles here).
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "polnear-train.jsonl"


def replicate(corpus: pathlib.Path, count: int, out: pathlib.Path) -> int:
    """Write ``count`` articles cycling through the corpus; returns the input size in bytes."""
    records = [json.loads(line) for line in corpus.open(encoding="utf-8") if line.strip()]
    with out.open("w", encoding="utf-8") as stream:
        for number in range(count):
            record = dict(records[number % len(records)])
            replica = number // len(records)
            if replica:
                record["text"] = record["text"].rstrip() + f"\n\nReplica {replica}."
            record.pop("quotes", None)  # gold annotations: not input
            stream.write(json.dumps(record, ensure_ascii=False) + "\n")
    return out.stat().st_size


def as_warc(jsonl: pathlib.Path, out: pathlib.Path) -> int:
    """The same articles as HTML pages in one gzipped WARC file (for the trafilatura path)."""
    import html
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with out.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for number, line in enumerate(jsonl.open(encoding="utf-8")):
            record = json.loads(line)
            paragraphs = "".join(f"<p>{html.escape(p)}</p>\n" for p in record["text"].split("\n") if p.strip())
            page = (f"<html><head><title>{html.escape(record.get('title') or '')}</title>"
                    f"<meta property='og:site_name' content='{html.escape(record.get('outlet') or '')}'>"
                    f"<meta property='article:published_time' content='{record.get('date') or ''}'></head>"
                    f"<body><nav>Home | World | Politics</nav><article>{paragraphs}</article>"
                    f"<footer>Copyright</footer></body></html>")
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                f"https://bench.example/{number}", "response", payload=io.BytesIO(page.encode("utf-8")),
                http_headers=headers))
    return out.stat().st_size


CALIBRATION = 200  # corpus articles extracted to gauge the host's speed around the run


def host_speed(corpus: pathlib.Path) -> float:
    """Docs/s extracting the corpus's first articles in this process: the same machine drifts by
    half as much again from hour to hour, so a run's figures are read beside this one."""
    from provenance.attribute import extract
    from provenance.model import Article

    with corpus.open(encoding="utf-8") as handle:
        articles = [Article(text=json.loads(line)["text"]) for line, _ in zip(handle, range(CALIBRATION))]
    best = float("inf")
    for _ in range(2):
        started = time.process_time()
        for article in articles:
            extract(article)
        best = min(best, time.process_time() - started)
    return len(articles) / best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--corpus", type=pathlib.Path, default=DEFAULT_CORPUS)
    parser.add_argument("--as", dest="input_format", choices=["jsonl", "warc"], default="jsonl",
                        help="warc: the same articles as HTML pages in a .warc.gz (read with trafilatura)")
    parser.add_argument("--jobs", type=int, help="passed to ingest --jobs (default: ingest's own choice)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (input and database)")
    args = parser.parse_args()
    if not args.corpus.exists():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    folder = pathlib.Path(tempfile.mkdtemp(prefix="bench-ingest-"))
    source, db_path = folder / "articles.jsonl", folder / "bench.db"
    size = replicate(args.corpus, args.articles, source)
    if args.input_format == "warc":
        warc = folder / "articles.warc.gz"
        size = as_warc(source, warc)
        source.unlink()
        source = warc
    command = [sys.executable, "-c", "from provenance.cli import cli; cli()",
               "ingest", str(source), "--db", str(db_path), "--json"]
    if args.jobs:
        command += ["--jobs", str(args.jobs)]
    host_before = host_speed(args.corpus)
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    stdout, stderr = child.communicate()
    wall = time.perf_counter() - started
    host_after = host_speed(args.corpus)
    # ru_maxrss of the finished children (only this one): KiB on Linux.
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # includes its parser workers, once reaped
    peak_mib = usage.ru_maxrss / 1024
    cpu = usage.ru_utime + usage.ru_stime
    if child.returncode != 0:
        print(stderr, file=sys.stderr)
        return child.returncode
    summary = json.loads(stdout.strip().splitlines()[-1])
    load_seconds = summary["seconds"]
    print(f"input      {args.articles} articles from {args.corpus.name}, {size / 2**20:.1f} MiB "
          + ("of HTML pages in a .warc.gz" if args.input_format == "warc" else "JSON lines"))
    print(f"stored     {summary['new']} new, {summary['unchanged']} unchanged, {summary['failed']} failed; "
          f"{summary['quotes']} quotes, {summary['claims']} claims")
    print(f"wall       {wall:.1f} s end to end = {args.articles / wall:.0f} docs/s "
          f"(start-up, read, parse, store+FTS, match)")
    print(f"  loading  {load_seconds:.1f} s = {summary['docs_per_second']:.0f} docs/s (read, parse, store+FTS)")
    print(f"  after    {wall - load_seconds:.1f} s (start-up, schema, incremental matching)")
    print(f"CPU        {cpu:.1f} s user+sys = {args.articles / cpu:.0f} docs per CPU-second "
          f"(less sensitive than wall time to other load; load average {load_before:.1f} before, "
          f"{os.getloadavg()[0]:.1f} after)")
    print(f"peak RSS   {peak_mib:.0f} MiB (largest single process: the ingest process or one parser worker)")
    print(f"database   {os.path.getsize(db_path) / 2**20:.0f} MiB")
    print(f"host       extraction at {host_before:.0f} docs/s before the run, {host_after:.0f} after "
          f"({CALIBRATION} corpus articles in this process, best of 2): the figures above move with it")
    if args.keep:
        print(f"kept       {folder}")
    else:
        for path in folder.iterdir():
            path.unlink()
        folder.rmdir()
    return 0


if __name__ == "__main__":
    sys.exit(main())
