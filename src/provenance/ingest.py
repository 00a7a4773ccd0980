"""Read → extract → store, one article (one transaction) at a time, with a running summary.

The CLI's ``ingest`` command is a thin wrapper around ``ingest_articles``; scripts can call it
directly with a ``Reader`` and an open database.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from typing import Callable, Iterable, Iterator

from .model import Article, Extraction
from .read import Pending, ReadError, Reader


@dataclass
class IngestSummary:
    """What one ingest run did. ``new_article_ids`` lets later stages (matching) work on just those."""

    new: int = 0
    new_versions: int = 0  # same URL as a stored article, different text: linked by previous_version_id
    unchanged: int = 0
    failed: int = 0
    quotes: int = 0
    claims: int = 0
    seconds: float = 0.0
    errors: list[dict] = field(default_factory=list)
    new_article_ids: list[int] = field(default_factory=list)

    @property
    def articles(self) -> int:
        return self.new + self.new_versions + self.unchanged + self.failed

    @property
    def docs_per_second(self) -> float:
        return round(self.articles / self.seconds, 1) if self.seconds else 0.0

    def as_dict(self) -> dict:
        result = asdict(self)
        del result["new_article_ids"]
        result["seconds"] = round(self.seconds, 3)
        result["articles"] = self.articles
        result["docs_per_second"] = self.docs_per_second
        return result

    def line(self) -> str:
        """One human line, e.g. ``3 new, 1 unchanged, 1 failed articles (0 new versions); …``."""
        return (
            f"{self.new + self.new_versions} new, {self.unchanged} unchanged, {self.failed} failed articles "
            f"({self.new_versions} new versions); {self.quotes} quotes, {self.claims} claims "
            f"in {self.seconds:.1f}s ({self.docs_per_second:.0f} docs/s)"
        )


SEARCH_BATCH = 250  # articles stored between two full-text indexing transactions
# Every this many articles a run checks whether it has stored at least as many rows as the
# database held before it; from then on it is a bulk load (store.drop_deferred_indexes).
BULK_CHECK = 1000


def ingest_articles(
    db,
    reader: Reader,
    on_error: Callable[[ReadError], None] | None = None,
    on_article: Callable[[IngestSummary], None] | None = None,
    jobs: int = 1,
    search_batch: int | None = SEARCH_BATCH,
    bulk_check: int | None = BULK_CHECK,
    model=None,
) -> IngestSummary:
    """Extract and store every article the reader yields; a bad input or a parser crash on one
    article is recorded as a failure and the rest goes on. Database errors propagate: what is
    committed stays committed (one transaction per article).

    With ``jobs`` > 1 the parsing runs in that many worker processes while this process reads
    and stores, in input order; storing stays in one process, one transaction per article.

    The stored rows are listed in ``search_backlog`` and made searchable every
    ``search_batch`` articles and at the end; with ``search_batch=None`` the backlog is left
    to the caller (the CLI indexes it while matching: ``store.match_database(index_search=True)``).

    A large run (checked every ``bulk_check`` articles: it has stored as many quotes and claims
    as the database held before it) drops the indexes that storing never reads
    (``store.BULK_DEFERRED_INDEXES``) and builds them again at its end, interrupted or not;
    after a ``kill -9`` the next ``open_db`` does.

    ``model``: the learned sieve's model (``attribute.learned.AttributionModel``), or None.
    """
    from .store import index_search_backlog, restore_indexes

    summary = IngestSummary()
    started = time.perf_counter()
    bulk = _BulkLoad(db, bulk_check)
    try:
        _store_all(db, extractions(reader, jobs, model), summary, started, on_error, on_article, search_batch, bulk)
    except BaseException:
        if bulk.deferred:
            with contextlib.suppress(Exception):
                restore_indexes(db)
        # Interrupted: with periodic indexing, the few articles since the last batch become
        # searchable now. Without it (the CLI), the backlog can be the whole run, so Ctrl-C
        # leaves it to the next open of the database (open_db, serve) instead of stalling here.
        if search_batch is not None:
            with contextlib.suppress(Exception):
                index_search_backlog(db)
        raise
    if bulk.deferred:
        restore_indexes(db)
    if search_batch is not None:
        index_search_backlog(db)
    summary.seconds = time.perf_counter() - started
    return summary


class _BulkLoad:
    """Whether, and from when, a run stores without the deferred indexes."""

    def __init__(self, db, check_every: int | None):
        self.db, self.check_every, self.deferred = db, check_every, False
        self.rows_before: int | None = None  # counted at the first check: small runs never count

    def after(self, summary: IngestSummary) -> None:
        stored = summary.new + summary.new_versions
        if self.deferred or not self.check_every or stored % self.check_every:
            return
        from .store import drop_deferred_indexes, stored_rows

        ours = summary.quotes + summary.claims
        if self.rows_before is None:
            self.rows_before = stored_rows(self.db) - ours
        if ours >= self.rows_before:
            drop_deferred_indexes(self.db)
            self.deferred = True


def _store_all(db, items, summary: IngestSummary, started: float, on_error, on_article,
               search_batch: int | None, bulk: _BulkLoad) -> None:
    from .store import index_search_backlog, save_extraction

    unindexed = 0
    for source, item in items:
        if isinstance(item, Extraction):
            result = save_extraction(db, item, defer_search=True)
            if result.status == "unchanged":
                summary.unchanged += 1
            else:
                unindexed += 1
                if search_batch is not None and unindexed >= search_batch:
                    index_search_backlog(db)
                    unindexed = 0
                summary.new_article_ids.append(result.article_id)
                if result.status == "new_version":
                    summary.new_versions += 1
                else:
                    summary.new += 1
                summary.quotes += result.n_quotes
                summary.claims += result.n_claims
                bulk.after(summary)
        else:
            summary.failed += 1
            summary.errors.append({"source": item.path, "reason": item.reason})
            if on_error:
                on_error(item)
        summary.seconds = time.perf_counter() - started
        if on_article:
            on_article(summary)


def extractions(reader: Iterable, jobs: int = 1, model=None) -> Iterator[tuple[str, Extraction | ReadError]]:
    """``(source, Extraction | ReadError)`` for each item of the reader, in input order."""
    global _model
    _model = model  # forked workers inherit it; spawned ones get it from their initializer
    if jobs <= 1:
        yield from map(extract_one, reader)
        return
    import multiprocessing
    from collections import deque
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool
    from itertools import islice

    items = iter(reader)
    pending: deque = deque()  # (batch, future)
    # A bounded window of batches in flight: memory stays flat however long the input is.
    # fork: workers start at once with everything imported (spawn elsewhere, where fork is unsafe)
    context = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=_start_worker, initargs=(os.getpid(), model)) as pool:
        while True:
            try:
                while len(pending) < 4 * jobs:
                    batch = list(islice(items, BATCH))
                    if not batch:
                        break
                    pending.append((batch, None))  # in line before submitting: a broken pool refuses it
                    pending[-1] = (batch, pool.submit(extract_batch, batch))
                if not pending:
                    return
                batch, future = pending[0]
                done = future.result()
            except BrokenProcessPool:
                # A worker died (killed, out of memory): nothing it held is lost — parse what
                # was in flight and the rest here, in order, instead of hanging or giving up.
                print("warning: a parser worker process died; parsing the rest in this process", file=sys.stderr)
                for batch_left, _ in pending:
                    yield from extract_batch(batch_left)
                yield from map(extract_one, items)
                return
            pending.popleft()
            yield from done


BATCH = 8  # articles per task sent to a worker process
_model = None  # the learned sieve's model for this run, if any


def _start_worker(parent: int, model) -> None:
    global _model
    _model = model
    exit_with_parent(parent)


def exit_with_parent(parent: int) -> None:
    """Parser worker start-up: leave once the ingest process is gone. A ``kill -9`` gives the
    pool no chance to stop its workers, and a forked worker never sees its task pipe close
    (it holds the other end itself), so it would wait forever. Returns at once; a daemon
    thread checks the parent every second.
    """
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def extract_batch(batch: list) -> list:
    return [extract_one(pair) for pair in batch]


def extract_one(pair: tuple[str, Article | ReadError]) -> tuple[str, Extraction | ReadError]:
    """Parse one article; a parser crash becomes that article's error, not the batch's."""
    from .attribute import extract

    source, item = pair
    if isinstance(item, Pending):
        item = item.resolve()
    if isinstance(item, ReadError):
        return source, item
    try:
        return source, extract(item, model=_model)
    except Exception as error:  # one article the parser cannot handle must not stop the batch
        return source, ReadError(source, f"parser error ({type(error).__name__}: {error})")
