"""Datasette for the provenance database: metadata (descriptions, facets, FTS, labels, canned
queries) and the safe way to start it (127.0.0.1, immutable, SQL time limit, our plugin loaded).

``db/metadata.json`` is ``build_metadata()`` written out (a test keeps them equal)::

    python -c "import json, provenance.serve as s; print(json.dumps(s.build_metadata(), indent=2))"
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
from pathlib import Path

from .store import FTS as FTS_COLUMNS
from .store import TABLES, VIEWS

SQL_TIME_LIMIT_MS = 3000

TABLE_DESCRIPTIONS = {
    "articles": "One row per article version read. Re-ingesting the same text is a no-op; the same URL with new text is a new row linked by previous_version_id.",
    "speakers": "People and bodies quoted, one row per identity across articles (aliases in speaker_aliases).",
    "speaker_aliases": "Every name form seen for a speaker (\"Tom de Waal\", \"Thomas de Waal\", \"Mr. Obama\"), with the evidence that merged it.",
    "quotes": "Verbatim words inside quotation marks, with speaker, cue verb and the sieve that attributed them. start/end index articles.text.",
    "claims": "Reported speech (\"X said that …\", \"according to X\") and the outlet's own check-worthy statements (speaker empty).",
    "quote_clusters": "Groups of quotes that are the same words across and within articles: first appearance, spread, canonical text.",
    "quote_links": "Verified matches between two quotes, from which the clusters are built.",
    "search_backlog": "Rows stored but not yet in the full-text index: ingest indexes them once its articles are stored, while it matches quotes; opening the database after an interrupted ingest indexes the rest. Normally empty.",
    "quotes_by_speaker": "Every quote with its speaker's name, outlet and date, newest first: the table to browse and facet without SQL.",
}
COLUMN_DESCRIPTIONS = {
    "articles": {
        "id": "Article row id", "content_hash": "sha256 prefix of the clean text",
        "identity_hash": "Hash of text, outlet and URL: what makes a re-ingest a no-op (the same words from another outlet are another article)",
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
        "diff": "Word diff against the cluster's earliest version (JSON list of [op, old words, new words])",
        "fragments": "JSON [[start, end], …] when the quotation is split around its attribution (“A,” she said. “B.”) or runs over paragraphs; text joins them",
        "variant_detail": "What changed, in words (\"depressing→miserable; war→battle\")",
        "match_score": "rapidfuzz score (0–100) of this quote against the cluster's earliest version",
    },
    "search_backlog": {
        "id": "Backlog entry id", "table_name": "Table whose rows wait (articles, quotes or claims)",
        "first_id": "First waiting row id", "last_id": "Last waiting row id",
    },
    "quote_links": {
        "quote_id": "One quote of a verified match", "other_id": "The quote it matches",
        "score": "rapidfuzz score (0–100) of the pair", "how": "Which comparison verified it (ratio, partial, token sort…)",
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
    "quotes_by_speaker": {
        "id": "Quote id", "speaker": "Speaker's full name", "text": "Words inside the quotation marks",
        "kind": "full, partial or scare", "cue": "Cue verb", "stance": "Cue stance",
        "outlet": "Publishing outlet", "published": "Publication date, ISO YYYY-MM-DD",
        "title": "Article headline", "url": "Article URL", "article_id": "Article it appears in",
        "cluster_id": "Cluster of the same words across articles",
    },
}
PUBLISHED_DATE_FACET = {"date": "published"}
TABLE_OPTIONS = {
    "articles": {"label_column": "title", "facets": ["outlet", PUBLISHED_DATE_FACET], "sort_desc": "published", "fts_table": "articles_fts"},
    "speakers": {"label_column": "name", "facets": ["organisation"]},
    "speaker_aliases": {"label_column": "alias", "facets": ["evidence"]},
    "quotes": {"label_column": "text", "facets": ["speaker_id", "kind", "variant"], "sort_desc": "id", "fts_table": "quotes_fts"},
    "claims": {"label_column": "text", "facets": ["speaker_id", "kind"], "sort_desc": "id", "fts_table": "claims_fts"},
    "quote_clusters": {"label_column": "canonical_text", "facets": ["n_outlets"], "sort_desc": "first_published"},
    "quote_links": {"facets": ["how"], "sort_desc": "score"},
    "search_backlog": {"hidden": True},
    # A view: FTS needs fts_pk to join back.
    "quotes_by_speaker": {
        "facets": ["outlet", "speaker", "kind", PUBLISHED_DATE_FACET], "sort_desc": "published",
        "fts_table": "quotes_fts", "fts_pk": "id",
    },
}

# The four provenance questions, as plugin pages (``datasette_plugin.PAGES``) and as canned SQL.
# quote_match_score() and word_diff() are SQL functions from datasette_plugin.
CANNED_QUERIES = {
    "quote_first_appearance": {
        "title": "Where did this quote first appear? (SQL)",
        "description": "Quotes that fuzzy-match the pasted text (quote_match_score ≥ 70), with their cluster's first appearance. "
                       "The page /-/first-appearance shows the same with each variant's differences highlighted, "
                       "and uses full-text search to stay fast on a large database; this query scores every quote.",
        "sql": """select
  quote_match_score(quotes.text, :quote) as score,
  quotes.id as quote_id, quotes.text, speakers.name as speaker,
  articles.outlet, articles.published, quotes.article_id,
  quotes.cluster_id, quote_clusters.first_published,
  first_article.outlet as first_outlet, quote_clusters.first_article_id,
  quote_clusters.n_outlets
from quotes
join articles on articles.id = quotes.article_id
left join speakers on speakers.id = quotes.speaker_id
left join quote_clusters on quote_clusters.id = quotes.cluster_id
left join articles as first_article on first_article.id = quote_clusters.first_article_id
where :quote != '' and quote_match_score(quotes.text, :quote) >= 70
order by coalesce(quote_clusters.first_published, articles.published), articles.published, score desc
limit 200""",
    },
    "speaker_said": {
        "title": "Everything a speaker said, across outlets (SQL)",
        "description": "Quotes and claims by a speaker, found by any name form in speaker_aliases (part of a name is enough), newest first.",
        "sql": """with chosen as (
  select speaker_id as id from speaker_aliases where alias like '%' || :speaker || '%'
  union
  select id from speakers where name like '%' || :speaker || '%'
)
select 'quote' as type, articles.published, articles.outlet, speakers.name as speaker,
       quotes.text, quotes.kind, quotes.cue, quotes.article_id, articles.title
from quotes
join articles on articles.id = quotes.article_id
join speakers on speakers.id = quotes.speaker_id
where :speaker != '' and quotes.speaker_id in (select id from chosen)
union all
select 'claim', articles.published, articles.outlet, speakers.name,
       claims.text, claims.kind, claims.cue, claims.article_id, articles.title
from claims
join articles on articles.id = claims.article_id
join speakers on speakers.id = claims.speaker_id
where :speaker != '' and claims.speaker_id in (select id from chosen)
order by published desc, outlet""",
    },
    "changed_wording": {
        "title": "Quotes whose wording changed between outlets (SQL)",
        "description": "Every quote whose words differ from its cluster's earliest version, with a word diff ([-removed-] {+added+}).",
        "sql": """select
  quote_clusters.id as cluster_id, quote_clusters.first_published,
  first_article.outlet as first_outlet, quote_clusters.canonical_text as first_wording,
  articles.outlet, articles.published, quotes.text as wording, quotes.variant,
  word_diff(quote_clusters.canonical_text, quotes.text) as changes, quotes.id as quote_id
from quotes
join quote_clusters on quote_clusters.id = quotes.cluster_id
join articles on articles.id = quotes.article_id
left join articles as first_article on first_article.id = quote_clusters.first_article_id
where quotes.text != quote_clusters.canonical_text
order by quote_clusters.first_published desc, quote_clusters.id, articles.published""",
    },
    "spun_copies": {
        "title": "Articles that look like spun copies (SQL)",
        "description": "Articles flagged as synonym-spun copies of an earlier article, highest spin score first.",
        "sql": """select
  copy.id as copy_id, copy.outlet as copy_outlet, copy.published as copy_published, copy.title as copy_title,
  round(copy.spin_score, 2) as spin_score,
  original.id as original_id, original.outlet as original_outlet,
  original.published as original_published, original.title as original_title
from articles as copy
join articles as original on original.id = copy.spun_copy_of
order by copy.spin_score desc, copy.published desc""",
    },
}

SQL_SETTINGS = {"sql_time_limit_ms": SQL_TIME_LIMIT_MS, "default_page_size": 50}
TEMPLATE_DIR = str(Path(__file__).parent / "templates")


def schema_columns() -> dict[str, list[str]]:
    """Every table and view of the schema ``store.ensure_db_shape`` creates, with its columns."""
    import sqlite_utils

    from .store import ensure_db_shape

    db = sqlite_utils.Database(memory=True)
    ensure_db_shape(db)
    names = list(TABLES) + list(VIEWS)
    return {name: list(db[name].columns_dict) for name in names}


def schema_markdown() -> str:
    """Every table, view and column with type, foreign key and description, as Markdown
    (docs/schema.md is generated from this with cog, so it cannot drift from the code)."""
    import sqlite_utils

    from .store import ensure_db_shape

    db = sqlite_utils.Database(memory=True)
    ensure_db_shape(db)
    out = []
    for name in list(TABLES) + list(VIEWS):
        kind = "view" if name in VIEWS else "table"
        out.append(f"### `{name}` ({kind})\n\n{TABLE_DESCRIPTIONS.get(name, '')}\n")
        links = {fk.column: f"→ `{fk.other_table}.{fk.other_column}`" for fk in getattr(db[name], "foreign_keys", [])}
        fts = " Full-text search: `{}`.".format(", ".join(FTS_COLUMNS[name])) if name in FTS_COLUMNS else ""
        if fts:
            out[-1] += fts.strip() + "\n"
        out.append("| column | type | description |\n|---|---|---|")
        for column, column_type in db[name].columns_dict.items():
            description = COLUMN_DESCRIPTIONS.get(name, {}).get(column, "")
            link = links.get(column, "")
            cell = f"{description} {link}".strip().replace("|", "\\|")
            sql_type = {int: "integer", float: "real", bytes: "blob"}.get(column_type, "text")
            out.append(f"| `{column}` | {sql_type} | {cell} |")
        out.append("")
    return "\n".join(out) + "\n"


def build_metadata(database_name: str = "provenance") -> dict:
    """Datasette metadata for a provenance database: descriptions for the tables and columns the
    schema has (a test checks that every one is described)."""
    tables = {}
    for table, columns in schema_columns().items():
        descriptions = COLUMN_DESCRIPTIONS.get(table, {})
        tables[table] = {
            "description": TABLE_DESCRIPTIONS.get(table, ""),
            "columns": {column: descriptions.get(column, "") for column in columns},
            **TABLE_OPTIONS.get(table, {}),
        }
    return {
        "title": "provenance",
        "description": "Who said a quote, where it first appeared, which outlets copied it and how its wording changed.",
        "source": "News articles loaded with provenance ingest (each article row gives its outlet and URL)",
        "license": "Apache-2.0 for the software; article texts remain their publishers'",
        "license_url": "https://www.apache.org/licenses/LICENSE-2.0",
        "databases": {database_name: {"tables": tables, "queries": CANNED_QUERIES}},
    }


def checkpoint(db_path: str) -> None:
    """Fold the WAL into the main file: an immutable reader ignores the WAL. Rows an interrupted
    ingest left out of the search index are indexed first. A file we may not write (a read-only
    copy) has nothing to fold and is served as it is."""
    conn = sqlite3.connect(db_path)
    try:
        if conn.execute("select 1 from sqlite_master where name = 'search_backlog'").fetchone() and \
                conn.execute("select 1 from search_backlog limit 1").fetchone():
            from .store import open_db

            open_db(db_path).conn.close()  # opening indexes the backlog (ensure_db_shape)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.OperationalError:  # read-only file or directory
        pass
    finally:
        conn.close()


def register_plugin() -> None:
    """Load our plugin even when entry points were not installed (e.g. running from a checkout)."""
    from datasette.plugins import pm

    from . import datasette_plugin

    if not pm.is_registered(datasette_plugin):
        pm.register(datasette_plugin, name="provenance")


def datasette_args(db_path: str, metadata_path: str, host: str = "127.0.0.1", port: int = 8001) -> list[str]:
    """``datasette serve`` arguments: immutable (-i), loopback by default, time-limited SQL."""
    args = ["serve", "-i", db_path, "--metadata", metadata_path, "-h", host, "-p", str(port),
            "--template-dir", TEMPLATE_DIR]
    for name, value in SQL_SETTINGS.items():
        args += ["--setting", name, str(value)]
    return args


def build_datasette(db_path: str):
    """The same Datasette that ``provenance serve`` runs, in-process (for tests and scripts)."""
    from datasette.app import Datasette

    checkpoint(db_path)
    register_plugin()
    return Datasette(
        immutables=[db_path], metadata=build_metadata(Path(db_path).stem),
        settings=dict(SQL_SETTINGS), template_dir=TEMPLATE_DIR,
    )


def serve(db_path: str, host: str = "127.0.0.1", port: int = 8001, open_browser: bool = False) -> None:
    from datasette.cli import cli as datasette_cli

    checkpoint(db_path)
    register_plugin()
    metadata = build_metadata(Path(db_path).stem)
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(metadata, handle)
    args = datasette_args(db_path, handle.name, host, port)
    if open_browser:
        args.append("-o")
    try:
        datasette_cli.main(args, standalone_mode=True)
    finally:
        Path(handle.name).unlink(missing_ok=True)


if __name__ == "__main__":  # python -m provenance.serve > db/metadata.json
    print(json.dumps(build_metadata(), indent=2, ensure_ascii=False))
