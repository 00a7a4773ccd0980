"""Datasette for the provenance database: metadata (descriptions, facets, FTS, labels) and
the safe way to start it (127.0.0.1, immutable, SQL time limit)."""

from __future__ import annotations

import json
import sqlite3
import tempfile
from pathlib import Path

SQL_TIME_LIMIT_MS = 3000

TABLE_DESCRIPTIONS = {
    "articles": "One row per article version read. Re-ingesting the same text is a no-op; the same URL with new text is a new row linked by previous_version_id.",
    "speakers": "People and bodies quoted, one row per identity across articles (aliases in speaker_aliases).",
    "speaker_aliases": "Every name form seen for a speaker (\"Tom de Waal\", \"Thomas de Waal\", \"Mr. Obama\"), with the evidence that merged it.",
    "quotes": "Verbatim words inside quotation marks, with speaker, cue verb and the sieve that attributed them. start/end index articles.text.",
    "claims": "Reported speech (\"X said that …\", \"according to X\") and the outlet's own check-worthy statements (speaker empty).",
    "quote_clusters": "Groups of quotes that are the same words across and within articles: first appearance, spread, canonical text.",
}
COLUMN_DESCRIPTIONS = {
    "articles": {
        "id": "Article row id", "content_hash": "sha256 prefix of the clean text: identity for re-ingests",
        "outlet": "Publishing outlet", "published": "Publication date, ISO YYYY-MM-DD",
        "url": "Canonical URL when known", "title": "Headline", "author": "Byline",
        "text": "Clean article body; quote and claim offsets index this text",
        "source_path": "File (or file:line) the article was read from", "ingested_at": "When it was stored (UTC)",
        "n_quotes": "Quotes found", "n_claims": "Claims found",
        "previous_version_id": "Earlier version of the same URL with different text",
        "spun_copy_of": "Earlier article this one looks like a synonym-spun copy of",
        "spin_score": "Share of quotes matching the earlier article with synonym replacements",
    },
    "speakers": {
        "id": "Speaker id", "name": "Full name as first given", "role": "Role or title (\"Kremlin spokesperson\")",
        "organisation": "Organisation (\"Carnegie Europe\")", "gender": "m / f when the text tells (honorific, pronoun)",
    },
    "speaker_aliases": {
        "id": "Alias row id", "speaker_id": "Speaker this name form belongs to", "alias": "Name form as written",
        "article_id": "Article where the form was first seen", "evidence": "Why the alias was merged",
    },
    "quotes": {
        "id": "Quote id", "article_id": "Article it appears in", "speaker_id": "Who said it (null: unknown or scare quote)",
        "text": "Words inside the quotation marks", "kind": "full, partial (inside a sentence) or scare (no speaker, a few words)",
        "start": "Start offset in articles.text", "end": "End offset in articles.text",
        "speaker_mention": "How the article referred to the speaker next to the quote (\"he\", \"the expert\")",
        "role": "Speaker role given next to this quote", "organisation": "Speaker organisation given next to this quote",
        "cue": "Cue verb (\"declared\", \"had informed\")", "stance": "Cue stance: neutral, assertive, concessive, warning, critical",
        "sieve": "Attribution rule that decided the speaker", "confidence": "0–1 confidence in the attribution",
        "cluster_id": "Cluster of the same words across articles", "variant": "Difference from the cluster's earliest version",
        "diff": "Word diff against the cluster's earliest version",
    },
    "claims": {
        "id": "Claim id", "article_id": "Article it appears in", "speaker_id": "Who made it (null: the outlet's own statement)",
        "text": "The reported content or statement", "kind": "reported, according_to or statement",
        "start": "Start offset in articles.text", "end": "End offset in articles.text",
        "speaker_mention": "How the article referred to the speaker", "role": "Speaker role given here",
        "organisation": "Speaker organisation given here", "cue": "Cue verb", "stance": "Cue stance",
        "sieve": "Rule that found the claim", "confidence": "0–1 confidence",
    },
    "quote_clusters": {
        "id": "Cluster id", "canonical_text": "Text of the earliest version", "speaker_id": "Speaker of the earliest version",
        "first_quote_id": "Earliest quote", "first_article_id": "Article where it first appeared",
        "first_published": "Date of first appearance", "n_quotes": "Quotes in the cluster",
        "n_articles": "Articles carrying it", "n_outlets": "Distinct outlets carrying it",
    },
}
TABLE_OPTIONS = {
    "articles": {"label_column": "title", "facets": ["outlet"], "facet_date": ["published"], "sort_desc": "published", "fts_table": "articles_fts"},
    "speakers": {"label_column": "name", "facets": ["organisation"]},
    "speaker_aliases": {"label_column": "alias", "facets": ["evidence"]},
    "quotes": {"label_column": "text", "facets": ["speaker_id", "kind", "stance", "variant"], "sort_desc": "id", "fts_table": "quotes_fts"},
    "claims": {"label_column": "text", "facets": ["speaker_id", "kind"], "sort_desc": "id", "fts_table": "claims_fts"},
    "quote_clusters": {"label_column": "canonical_text", "facets": ["n_outlets"], "sort_desc": "n_articles"},
}


def build_metadata(database_name: str = "provenance") -> dict:
    """Datasette metadata for a provenance database."""
    tables = {}
    for table, description in TABLE_DESCRIPTIONS.items():
        tables[table] = {"description": description, "columns": COLUMN_DESCRIPTIONS[table], **TABLE_OPTIONS[table]}
    return {
        "title": "provenance",
        "description": "Who said a quote, where it first appeared, which outlets copied it and how its wording changed.",
        "source": "provenance",
        "source_url": "https://github.com/provenance-tool/provenance",
        "license": "Apache-2.0 (tool); article texts belong to their publishers",
        "databases": {database_name: {"tables": tables}},
    }


def checkpoint(db_path: str) -> None:
    """Fold the WAL into the main file: an immutable reader ignores the WAL."""
    conn = sqlite3.connect(db_path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def datasette_args(db_path: str, metadata_path: str, host: str = "127.0.0.1", port: int = 8001) -> list[str]:
    return [
        "serve", "-i", db_path, "--metadata", metadata_path, "-h", host, "-p", str(port),
        "--setting", "sql_time_limit_ms", str(SQL_TIME_LIMIT_MS),
        "--setting", "default_page_size", "50",
    ]


def serve(db_path: str, host: str = "127.0.0.1", port: int = 8001, open_browser: bool = False) -> None:
    from datasette.cli import cli as datasette_cli

    checkpoint(db_path)
    metadata = build_metadata(Path(db_path).stem)
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(metadata, handle)
    args = datasette_args(db_path, handle.name, host, port)
    if open_browser:
        args.append("-o")
    datasette_cli.main(args, standalone_mode=True)
