"""The ``provenance`` command: a thin layer over the library modules."""

from __future__ import annotations

import json
import sys

import click

DEFAULT_DB = "db/provenance.db"


def _overrides(outlet, published, url, title):
    return {"outlet": outlet, "published": published, "url": url, "title": title}


# The optional learned sieve (docs/attribution.md), on extract, ingest and eval alike.
model_option = click.option("--model", "model_path", type=click.Path(exists=True, dir_okay=False),
                            help="Add the learned sieve with this model (from train-model)")


def override_options(function):
    for option in reversed(
        [
            click.option("--outlet", help="Outlet name for every input of this run"),
            click.option("--published", help="Publication date (YYYY-MM-DD) for every input"),
            click.option("--url", help="URL for every input of this run"),
            click.option("--title", help="Title for every input of this run"),
        ]
    ):
        function = option(function)
    return function


@click.group()
@click.version_option(package_name="provenance")
def cli():
    "Find who said a quote, where it first appeared, and how it changed across outlets."


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="json: one object per article per line (for scripts)")
@override_options
@model_option
def extract(paths, output_format, outlet, published, url, title, model_path):
    """Print the quotes and claims found in PATHS; writes nothing.

    PATHS are files, directories or - for standard input.
    """
    from .attribute import extract as extract_article
    from .read import ReadError, iter_articles

    model = _load_model(model_path)
    failed = 0
    for source, item in iter_articles(paths, **_overrides(outlet, published, url, title)):
        if isinstance(item, ReadError):
            click.echo(f"error: {item}", err=True)
            failed += 1
            continue
        extraction = extract_article(item, model=model)
        if output_format == "json":
            click.echo(json.dumps(extraction.to_dict(), ensure_ascii=False))
        else:
            _print_extraction(extraction)
    if failed:
        sys.exit(1)


def _print_extraction(extraction) -> None:
    article = extraction.article
    head = " · ".join(x for x in (article.outlet, article.published, article.title or article.path) if x)
    click.secho(head or "(article)", bold=True)
    for quote in extraction.quotes:
        who = quote.speaker or "—"
        cue = f" ({quote.cue})" if quote.cue else ""
        click.echo(f"  [{quote.kind}] {who}{cue}: “{quote.text}”")
    for claim in extraction.claims:
        who = claim.speaker or f"{article.outlet or 'outlet'} (own statement)"
        click.echo(f"  <{claim.kind}> {who}: {claim.text}")
    click.echo()


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--db", "db_path", default=DEFAULT_DB, show_default=True, type=click.Path(dir_okay=False))
@override_options
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary; only error lines")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as one JSON object on stdout")
@click.option("-j", "--jobs", type=click.IntRange(min=1),
              help="Parser processes [default: one per CPU, up to 4, for inputs over 1 MB; else 1]")
@model_option
def ingest(paths, db_path, outlet, published, url, title, quiet, as_json, jobs, model_path):
    """Extract PATHS and load them into the SQLite database.

    PATHS are files, directories (read recursively), glob patterns or - for
    standard input: .txt/.md (optional header lines or YAML front matter),
    .html, .json, .jsonl and .warc/.warc.gz; see docs/inputs.md.

    Re-ingesting the same text changes nothing; the same URL with new text is
    stored as a new version of the old article. Each bad input gets one error
    line and the rest loads; the exit status is 1 when anything failed.
    """
    import contextlib
    import os
    import sqlite3

    from .ingest import ingest_articles
    from .read import BadInput, Reader, normalise_date
    from .store import open_db

    try:
        published = normalise_date(published)
    except BadInput as error:
        raise click.BadParameter(str(error), param_hint="--published") from None
    model = _load_model(model_path)
    if os.path.dirname(db_path):
        os.makedirs(os.path.dirname(db_path), exist_ok=True)
    try:
        db = open_db(db_path)
    except sqlite3.DatabaseError as error:
        raise click.ClickException(f"{db_path}: cannot open the database: {error}") from None
    reader = Reader(paths, defer=True, **_overrides(outlet, published, url, title))
    progress = _ingest_progress(reader) if not (quiet or as_json) and sys.stderr.isatty() else None

    def report_error(error):
        click.echo(("\r\x1b[K" if progress else "") + f"error: {error}", err=True)

    if jobs is None:  # a worker pool only pays for itself on more than a few articles
        jobs = min(os.cpu_count() or 1, 4) if reader.total_bytes > 2**20 else 1
    try:
        with progress or contextlib.nullcontext() as bar:
            # The search index is built while matching, below (match_database(index_search=True)).
            summary = ingest_articles(db, reader, on_error=report_error, on_article=bar and bar.advance, jobs=jobs,
                                      search_batch=None, model=model)
    except sqlite3.OperationalError as error:  # disk full, locked past the busy timeout, ...
        raise click.ClickException(
            f"{db_path}: {error}; every article stored before this one is complete and kept") from None
    if progress and summary.new_article_ids:
        click.echo(f"matching the quotes of {len(summary.new_article_ids)} new articles…", err=True)
    _match_new_quotes(db, quiet=quiet or as_json)
    if as_json:
        click.echo(json.dumps({**summary.as_dict(), "db": db_path}, ensure_ascii=False))
    elif not quiet:
        click.echo(f"{summary.line()} → {db_path}", err=True)
    if summary.failed:
        sys.exit(1)


class _ingest_progress:
    """A click progress bar over the input bytes, labelled with articles done and docs/s."""

    def __init__(self, reader):
        self.reader = reader
        self.done = 0
        self.bar = click.progressbar(
            length=max(reader.total_bytes, 1), label="ingesting", file=sys.stderr, width=24,
            item_show_func=lambda text: text, show_eta=True,
        )

    def __enter__(self):
        self.bar.__enter__()
        return self

    def __exit__(self, *exc):
        return self.bar.__exit__(*exc)

    def advance(self, summary) -> None:
        step = min(self.reader.bytes_read, self.bar.length) - self.done
        self.done += step
        label = f"{summary.articles} articles, {summary.docs_per_second:.0f} docs/s, {summary.failed} failed"
        self.bar.update(step, label)


@cli.command()
@click.option("--db", "db_path", default=DEFAULT_DB, show_default=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--rebuild", is_flag=True, help="Forget all links and clusters and match everything again")
def match(db_path, rebuild):
    """Cluster quotes across articles, merge speakers, flag spun copies.

    `provenance ingest` already matches what it loads; run this after changing
    the matching code (with --rebuild) or on a database filled another way.
    See docs/matching.md.
    """
    from .store import match_database, open_db

    click.echo(match_database(open_db(db_path), rebuild=rebuild).line(), err=True)


def _match_new_quotes(db, quiet: bool = False) -> None:
    """Incremental matching at the end of an ingest run, which also builds the search index for
    what the run stored (``ingest_articles(search_batch=None)``) on the core matching leaves idle."""
    from .store import match_database

    summary = match_database(db, index_search=True)
    if not quiet and summary.quotes:
        click.echo(summary.line(), err=True)


@cli.command()
@click.option("--db", "db_path", default=DEFAULT_DB, show_default=True, type=click.Path(exists=True, dir_okay=False))
@click.option("-h", "--host", default="127.0.0.1", show_default=True)
@click.option("-p", "--port", default=8001, show_default=True, type=int)
@click.option("--open", "open_browser", is_flag=True, help="Open a browser at the home page")
def serve(db_path, host, port, open_browser):
    """Browse the database in Datasette (read-only).

    Serves on 127.0.0.1 by default, opens the file immutable, limits SQL to 3 s, and adds the
    provenance pages (first appearance, speaker, changed wording, spun copies) and the fuzz_*
    SQL functions.
    """
    from .serve import serve as run

    run(db_path, host=host, port=port, open_browser=open_browser)


@cli.command(name="eval")
@click.argument("corpus", type=click.Path(exists=True, dir_okay=False))
@click.option("--limit", type=int, help="Only the first N articles")
@click.option("--json", "as_json", is_flag=True, help="Print the full score as JSON")
@click.option("--spans", is_flag=True,
              help="Score each gold attribution's whole start-end span, not its content fragments")
@model_option
def evaluate(corpus, limit, as_json, spans, model_path):
    """Score extraction on an annotated JSON-lines CORPUS (precision, recall, F1, speakers)."""
    from .evaluate import evaluate_file

    try:
        score = evaluate_file(corpus, limit=limit, use_fragments=not spans, model=_load_model(model_path))
    except ValueError as error:  # a bad corpus line, named with its number
        raise click.ClickException(str(error)) from None
    result = score.as_dict()
    if as_json:
        click.echo(json.dumps(result, indent=2))
        return
    click.echo(f"docs {result['docs']}  gold {result['gold']}  predictions {result['predictions']}")
    click.echo(f"precision {result['precision']:.3f}  recall {result['recall']:.3f}  F1 {result['f1']:.3f}")
    click.echo(f"speaker accuracy {result['speaker_accuracy']:.3f} (over {result['speaker_named_gold']} named gold speakers)")
    click.echo(f"speed {result['docs_per_second']} docs/s")
    click.echo("precision by sieve: " + ", ".join(
        f"{sieve} {right:.2f} ({n})" for sieve, (n, right) in result["precision_by_sieve"].items()))


def _load_model(path):
    """The learned sieve's model from ``path`` (None → rules only); a bad file is one clear error."""
    if path is None:
        return None
    from .attribute.learned import AttributionModel

    try:
        with open(path, encoding="utf-8") as handle:
            return AttributionModel.from_dict(json.load(handle))
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise click.ClickException(f"{path}: not a usable model: {error}")


@cli.command(name="train-model")
@click.argument("corpus", type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--output", type=click.Path(dir_okay=False), required=True, help="Write the model (JSON) here")
@click.option("--min-precision", type=float, default=0.6, show_default=True,
              help="Lowest held-out precision the learned claims may have when the threshold is tuned")
@click.option("--limit", type=int, help="Only the first N articles")
@click.option("--json", "as_json", is_flag=True, help="Print the full training report as JSON")
def train_model(corpus, output, min_precision, limit, as_json):
    """Train the optional learned sieve on an annotated JSON-lines CORPUS (needs the model extra).

    The model is derived from CORPUS: keep it under the corpus's terms, outside this project.
    """
    from .learn import train

    try:
        model, report = train(corpus, min_precision=min_precision, limit=limit)
    except (RuntimeError, ValueError) as error:
        raise click.ClickException(str(error))
    with open(output, "w", encoding="utf-8") as handle:
        json.dump(model.to_dict(), handle)
    if as_json:
        click.echo(json.dumps(report, indent=2))
        return
    about, chosen = report["about"], report["chosen"]
    click.echo(f"{about['documents']} documents, {about['sentences']} open sentences ({about['positive']} attributed to their subject), "
               f"{about['features']} features, {report['seconds']} s")
    click.echo(f"threshold {chosen['threshold']} (held out: {chosen['learned']} learned claims, precision "
               f"{chosen['learned_precision']:.3f}; with the rules F1 {chosen['f1']:.3f}, rules alone "
               f"{report['rules_only']['f1']:.3f})")
    click.echo(f"model written to {output}")
