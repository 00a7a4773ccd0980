"""Datasette plugin shipped with provenance: rapidfuzz as SQL functions, and the provenance pages.

SQL functions (every connection Datasette opens)::

    select fuzz_ratio('It is depressing', 'It’s miserable')
    select * from quotes where fuzz_partial_ratio(text, :q) > 85
    select * from quotes where quote_match_score(text, :pasted) >= 70
    select word_diff('did not deter', 'didn’t deter')   -- '[-did not-]{+didn’t+} deter'

Pages (``PAGES``; linked from the home page and the menu):
``/-/first-appearance?q=…``, ``/-/speaker?name=…``, ``/-/changed-wording``, ``/-/spun-copies``.
Everything shown is escaped: templates rely on Jinja's autoescape and never mark text safe; the
one ``Markup`` (``render_cell``) escapes its arguments through ``Markup.format``.
"""

from __future__ import annotations

import difflib
import json
import re
import sqlite3
import sys
import urllib.parse
import unicodedata
from dataclasses import asdict, dataclass, field

from datasette import hookimpl
from datasette.database import QueryInterrupted
from datasette.utils.asgi import Response
from markupsafe import Markup
from rapidfuzz import fuzz

FUNCTIONS = {
    "fuzz_ratio": fuzz.ratio,
    "fuzz_partial_ratio": fuzz.partial_ratio,
    "fuzz_token_set_ratio": fuzz.token_set_ratio,
    "fuzz_token_sort_ratio": fuzz.token_sort_ratio,
    "fuzz_wratio": fuzz.WRatio,
}
MATCH_THRESHOLD = 70
MAX_HITS = 200
MAX_VERSIONS = 300  # earliest versions shown per cluster
MAX_CLUSTERS = 20  # best-matching clusters shown by the first-appearance page
MAX_STATEMENTS = 1000  # newest first; the speaker_said canned query has them all

PAGES = {
    "first-appearance": ("Where did this quote first appear?", "Paste a quote: the matching clusters, where each first appeared, the outlets in date order and every variant's changes."),
    "speaker": ("Everything a speaker said, across outlets", "Quotes and claims by one person, under any name form, in date order."),
    "changed-wording": ("Quotes whose wording changed between outlets", "Clusters whose later versions differ from the first, with the changes highlighted."),
    "spun-copies": ("Articles that look like spun copies", "Articles flagged as synonym-spun copies of an earlier article, with their shared quotes compared."),
}
# Pages reached from links rather than the menu.
OTHER_PAGES = {
    "article": ("An article with its quotes marked", "The clean text as stored, each quote highlighted and linked to where it first appeared."),
}


def _safe(function):
    def call(a, b):
        if a is None or b is None:
            return None
        return round(function(str(a), str(b)), 2)

    return call


_QUOTE_CHARS = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "«": '"', "»": '"'})


def normalise(text: str) -> str:
    """Case, curly quotes, accents' composition and spacing folded: ``“It’s  OK”`` → ``"it's ok"``."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTE_CHARS).casefold()
    return " ".join(text.split())


def quote_match_score(quote: str | None, pasted: str | None) -> float | None:
    """0–100: how well a stored quote matches text a user pasted.

    A pasted fragment of a longer quote scores high (partial match); a short quote inside a long
    pasted passage does not, so one-word scare quotes don't match everything.

    >>> quote_match_score("It’s depressing that Armenia’s membership did not deter", "it's depressing that")
    100.0
    >>> quote_match_score("proved ineffective in protecting its security", "its security proved ineffective")
    100.0
    >>> quote_match_score("ineffective", "proved ineffective in protecting its security") < 70
    True
    """
    if quote is None or pasted is None:
        return None
    a, b = normalise(str(quote)), normalise(str(pasted))
    if not a or not b:
        return 0.0
    score = max(fuzz.ratio(a, b), fuzz.token_sort_ratio(a, b))
    if len(b) <= len(a) and len(b) >= 12:  # a fragment of the quote, or words picked from it
        score = max(score, fuzz.partial_ratio(a, b))
        if len(b.split()) >= 4:
            score = max(score, fuzz.token_set_ratio(a, b))
    return round(score, 2)


_TOKEN_RE = re.compile(r"\w+(?:[’'][\w]+)*|[^\w\s]|\s+")


def diff_segments(old: str, new: str) -> list[dict]:
    """Word diff of ``new`` against ``old`` as segments ``{"op": equal|delete|insert, "text": …}``.

    >>> [(s["op"], s["text"]) for s in diff_segments("did not deter", "didn’t deter")]
    [('delete', 'did not'), ('insert', 'didn’t'), ('equal', ' deter')]
    """
    a, b = _TOKEN_RE.findall(old or ""), _TOKEN_RE.findall(new or "")
    segments: list[dict] = []

    def add(op, tokens):
        text = "".join(tokens)
        if not text:
            return
        if segments and segments[-1]["op"] == op:
            segments[-1]["text"] += text
        else:
            segments.append({"op": op, "text": text})

    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            add("equal", a[i1:i2])
        else:
            add("delete", a[i1:i2])
            add("insert", b[j1:j2])
    return segments


def word_diff(old: str | None, new: str | None) -> str | None:
    """The word diff as text, git ``--word-diff`` style: ``[-removed-]{+added+}``."""
    if old is None or new is None:
        return None
    marks = {"equal": "{}", "delete": "[-{}-]", "insert": "{{+{}+}}"}
    return "".join(marks[s["op"]].format(s["text"]) for s in diff_segments(str(old), str(new)))


def register_functions(conn) -> None:
    """Add the SQL functions to a sqlite3 connection (also usable outside Datasette)."""
    for name, function in FUNCTIONS.items():
        conn.create_function(name, 2, _safe(function), deterministic=True)
    conn.create_function("quote_match_score", 2, quote_match_score, deterministic=True)
    conn.create_function("word_diff", 2, word_diff, deterministic=True)


@hookimpl
def prepare_connection(conn):
    register_functions(conn)


# ---- pages -------------------------------------------------------------------------------

# quotes.* so the matcher's newer columns (variant_detail) come along when present.
QUOTE_ROWS_SQL = """
select quotes.*, speakers.name as speaker,
       articles.outlet, articles.published, articles.title, articles.url
from quotes
join articles on articles.id = quotes.article_id
left join speakers on speakers.id = quotes.speaker_id
"""
DATE_ORDER = "order by articles.published is null, articles.published, quotes.id"


@dataclass
class Cluster:
    """A cluster as shown: its versions in date order, each diffed against the first."""

    id: int | None
    versions: list[dict]
    score: float | None = None
    outlets: list[dict] = field(default_factory=list)
    total: int | None = None  # quotes in the cluster, when more than the versions shown

    @property
    def first(self) -> dict:
        return self.versions[0]


def build_cluster(cluster_id: int | None, rows: list[dict], first_quote_id: int | None = None, score=None) -> Cluster:
    """Order versions by date (the stored first quote leads), diff each against the first, and
    list outlets by their earliest date."""
    rows = sorted(rows, key=lambda r: (r["published"] is None, r["published"] or "", r["id"]))
    if first_quote_id is not None:
        rows.sort(key=lambda r: r["id"] != first_quote_id)  # stable: keeps date order after it
    first = rows[0]
    versions = []
    for row in rows:
        version = dict(row)
        version["segments"] = diff_segments(first["text"], row["text"])
        version["changed"] = normalise(row["text"]) != normalise(first["text"])
        versions.append(version)
    outlets: dict[str, dict] = {}
    for version in versions:
        name = version["outlet"] or "(outlet unknown)"
        entry = outlets.setdefault(name, {"outlet": name, "published": version["published"], "count": 0})
        if version["published"] and (entry["published"] is None or version["published"] < entry["published"]):
            entry["published"] = version["published"]
        outlets[name]["count"] += 1
    by_date = sorted(outlets.values(), key=lambda o: (o["published"] is None, o["published"] or "", o["outlet"]))
    return Cluster(cluster_id, versions, score, by_date)


async def _rows(db, sql, params=None) -> list[dict]:
    return [dict(row) for row in (await db.execute(sql, params or {})).rows]


async def load_cluster(db, cluster_id: int, score=None) -> Cluster | None:
    rows = await _rows(db, QUOTE_ROWS_SQL + f" where quotes.cluster_id = :c {DATE_ORDER} limit {MAX_VERSIONS + 1}", {"c": cluster_id})
    if not rows:
        return None
    first = await _rows(db, "select first_quote_id from quote_clusters where id = :c", {"c": cluster_id})
    first_quote_id = first[0]["first_quote_id"] if first else None
    if first_quote_id not in {r["id"] for r in rows}:
        first_quote_id = None
    total = None
    if len(rows) > MAX_VERSIONS:  # a viral quote: show the earliest versions, count the rest
        rows = rows[:MAX_VERSIONS]
        total = (await db.execute("select count(*) from quotes where cluster_id = :c", {"c": cluster_id})).rows[0][0]
    cluster = build_cluster(cluster_id, rows, first_quote_id, score)
    cluster.total = total
    return cluster


def group_unclustered(hits: list[dict]) -> list[list[dict]]:
    """Matches the matcher has not clustered yet, grouped on the fly: a hit joins the first group
    whose earliest version it matches (quote_match_score ≥ threshold), in date order."""
    groups: list[list[dict]] = []
    for hit in sorted(hits, key=lambda r: (r["published"] is None, r["published"] or "", r["id"])):
        for group in groups:
            if (quote_match_score(group[0]["text"], hit["text"]) or 0) >= MATCH_THRESHOLD:
                group.append(hit)
                break
        else:
            groups.append([hit])
    return groups


FULL_SCAN_MAX_QUOTES = 20_000  # up to this many quotes, score every one; above, FTS picks candidates
FTS_CANDIDATES = 2_000


def fts_any_word_query(text: str, max_words: int = 16) -> str | None:
    """An FTS5 query matching any of the words of ``text`` (longest words first: rarer).

    >>> fts_any_word_query("It's depressing, isn't it?")
    '"depressing" OR "isn" OR "it"'
    """
    found = sorted({w.casefold() for w in re.findall(r"\w+", text) if len(w) >= 2}, key=lambda w: (-len(w), w))
    return " OR ".join(f'"{w}"' for w in found[:max_words]) or None


async def candidate_filter(db, pasted: str) -> tuple[str, dict]:
    """SQL condition choosing the quotes to score: all of them in a small database, otherwise
    those sharing a word with the pasted text (best FTS rank first), so the search stays within
    the SQL time limit on a large database."""
    count = (await db.execute("select count(*) from quotes")).rows[0][0]
    query = fts_any_word_query(pasted)
    if count <= FULL_SCAN_MAX_QUOTES or query is None or not await db.table_exists("quotes_fts"):
        return "1 = 1", {}
    return (
        f"quotes.id in (select rowid from quotes_fts where quotes_fts match :fts order by rank limit {FTS_CANDIDATES})",
        {"fts": query},
    )


async def find_clusters(db, pasted: str, threshold: float = MATCH_THRESHOLD) -> list[Cluster]:
    """Clusters whose quotes fuzzy-match the pasted text, best match first."""
    condition, params = await candidate_filter(db, pasted)
    scored = QUOTE_ROWS_SQL.replace("select quotes.*,", "select quote_match_score(quotes.text, :q) as score, quotes.*,", 1)
    hits = await _rows(
        db,
        f"select * from ({scored} where {condition}) where score >= :t order by score desc limit {MAX_HITS}",
        {"q": pasted, "t": threshold, **params},
    )
    best: dict[int, float] = {}
    unclustered = []
    for hit in hits:
        if hit["cluster_id"] is None:
            unclustered.append(hit)
        else:
            best[hit["cluster_id"]] = max(best.get(hit["cluster_id"], 0), hit["score"])
    clusters = []
    best_first = sorted(best.items(), key=lambda item: -item[1])[:MAX_CLUSTERS]
    for cluster_id, score in best_first:
        cluster = await load_cluster(db, cluster_id, score)
        if cluster:
            clusters.append(cluster)
    for group in group_unclustered(unclustered):
        clusters.append(build_cluster(None, group, None, max(h["score"] for h in group)))
    clusters.sort(key=lambda c: -(c.score or 0))
    return clusters[:MAX_CLUSTERS]


CHANGED_PER_PAGE = 50


async def changed_clusters(db, limit: int = CHANGED_PER_PAGE, offset: int = 0) -> list[Cluster]:
    """Clusters with at least one version whose words differ from the first, newest first."""
    ids = await _rows(
        db,
        """select quote_clusters.id from quote_clusters
           where exists (select 1 from quotes where quotes.cluster_id = quote_clusters.id
                         and quotes.text != quote_clusters.canonical_text)
              or (select count(distinct text) from quotes where quotes.cluster_id = quote_clusters.id) > 1
           order by quote_clusters.first_published desc, quote_clusters.id limit :n offset :o""",
        {"n": limit, "o": offset},
    )
    clusters = [await load_cluster(db, row["id"]) for row in ids]
    return [c for c in clusters if c]


async def spun_pairs(db) -> list[dict]:
    """Each flagged copy with its original and the quotes they share (diffed)."""
    pairs = await _rows(
        db,
        """select copy.id as copy_id, copy.title as copy_title, copy.outlet as copy_outlet,
                  copy.published as copy_published, copy.url as copy_url, copy.spin_score,
                  original.id as original_id, original.title as original_title,
                  original.outlet as original_outlet, original.published as original_published,
                  original.url as original_url
           from articles as copy join articles as original on original.id = copy.spun_copy_of
           order by copy.spin_score desc, copy.published desc limit 200""",
    )
    for pair in pairs:
        shared = await _rows(
            db,
            """select original_quote.text as original_text, copy_quote.text as copy_text
               from quotes as copy_quote
               join quotes as original_quote on original_quote.cluster_id = copy_quote.cluster_id
                    and original_quote.article_id = :original
               where copy_quote.article_id = :copy and copy_quote.cluster_id is not null
               group by copy_quote.id order by copy_quote.start""",
            {"original": pair["original_id"], "copy": pair["copy_id"]},
        )
        pair["shared"] = [dict(s, segments=diff_segments(s["original_text"], s["copy_text"])) for s in shared]
    return pairs


async def speaker_statements(db, name: str) -> tuple[list[dict], list[dict]]:
    """Speakers matching ``name`` (any alias, part of a name) and all their quotes and claims."""
    speakers = await _rows(
        db,
        """select id, name, role, organisation from speakers
           where name like '%' || :n || '%'
              or id in (select speaker_id from speaker_aliases where alias like '%' || :n || '%')
           order by name limit 50""",
        {"n": name},
    )
    if not speakers:
        return [], []
    ids = ",".join(str(int(s["id"])) for s in speakers)
    statements = await _rows(
        db,
        f"""select 'quote' as type, quotes.id as id, quotes.text as text, quotes.kind as kind, quotes.cue as cue,
                   quotes.cluster_id as cluster_id, speakers.name as speaker, articles.id as article_id, articles.outlet as outlet, articles.published as published, articles.title as title
            from quotes join articles on articles.id = quotes.article_id join speakers on speakers.id = quotes.speaker_id
            where quotes.speaker_id in ({ids})
            union all
            select 'claim', claims.id, claims.text, claims.kind, claims.cue, null,
                   speakers.name, articles.id, articles.outlet, articles.published, articles.title
            from claims join articles on articles.id = claims.article_id join speakers on speakers.id = claims.speaker_id
            where claims.speaker_id in ({ids})
            order by published desc, outlet, type desc, id
            limit {MAX_STATEMENTS}""",
    )
    return speakers, statements


def article_segments(text: str, spans: list[dict]) -> list[dict]:
    """The article text cut into plain runs and quoted spans (``start``/``end`` offsets), in
    order; a span overlapping an earlier one is left unmarked.

    >>> [(s["quote"] is not None, s["text"]) for s in article_segments("a “b” c", [{"start": 3, "end": 4}])]
    [(False, 'a “'), (True, 'b'), (False, '” c')]
    """
    segments, position = [], 0
    for span in sorted(spans, key=lambda q: (q["start"], -q["end"])):
        start, end = span["start"], span["end"]
        if start is None or end is None or start < position or end > len(text) or end <= start:
            continue
        if start > position:
            segments.append({"text": text[position:start], "quote": None})
        segments.append({"text": text[start:end], "quote": span})
        position = end
    if position < len(text):
        segments.append({"text": text[position:], "quote": None})
    return segments


def fragment_spans(quotes: list[dict]) -> list[dict]:
    """One span per stretch of quoted words: a quote split around its attribution marks its
    fragments, so "she said" between them stays plain text.

    >>> [(s["start"], s["end"]) for s in fragment_spans([{"start": 1, "end": 20, "fragments": "[[1, 5], [14, 20]]"}])]
    [(1, 5), (14, 20)]
    """
    spans = []
    for quote in quotes:
        fragments = json.loads(quote["fragments"]) if quote.get("fragments") else None
        if not fragments:
            spans.append(quote)
            continue
        last = len(fragments) - 1
        spans.extend({**quote, "start": start, "end": end, "first": n == 0, "last": n == last}
                     for n, (start, end) in enumerate(fragments))
    return spans


def safe_url(url: str | None) -> str | None:
    """Only http(s) URLs become links: a stored ``javascript:`` URL must not be clickable."""
    return url if url and url.lower().startswith(("http://", "https://")) else None


async def article_page(datasette, request):
    db = _database(datasette, request)
    article_id = int(request.url_vars["id"])
    articles = await _rows(db, "select id, outlet, published, title, url, text, spun_copy_of, spin_score from articles where id = :id", {"id": article_id})
    if not articles:
        return Response.html("Article not found", status=404)
    article = articles[0]
    quotes = await _rows(
        db,
        """select quotes.id, quotes.start, quotes."end", quotes.fragments, quotes.text, quotes.kind, quotes.cue,
                  quotes.cluster_id, speakers.name as speaker
           from quotes left join speakers on speakers.id = quotes.speaker_id
           where quotes.article_id = :id order by quotes.start""",
        {"id": article_id},
    )
    claims = await _rows(
        db,
        """select claims.text, claims.kind, claims.cue, speakers.name as speaker
           from claims left join speakers on speakers.id = claims.speaker_id
           where claims.article_id = :id order by claims.start""",
        {"id": article_id},
    )
    return await _render(datasette, request, "article", "provenance_article.html", db=db, article=article,
                         article_url=safe_url(article["url"]), quotes=quotes, claims=claims,
                         segments=article_segments(article["text"] or "", fragment_spans(quotes)))


def _database(datasette, request):
    name = request.args.get("db")
    return datasette.get_database(name) if name in datasette.databases else datasette.get_database()


async def _render(datasette, request, page, template, **context):
    db = context.get("db")
    title, description = {**PAGES, **OTHER_PAGES}[page]
    html = await datasette.render_template(
        template,
        {"page_title": title, "page_description": description, "pages": PAGES,
         "database": db.name if db else None, **context},
        request=request,
    )
    return Response.html(html)


async def first_appearance_page(datasette, request):
    db = _database(datasette, request)
    pasted = (request.args.get("q") or "").strip()
    try:
        threshold = max(30.0, min(100.0, float(request.args.get("min") or MATCH_THRESHOLD)))
    except ValueError:
        threshold = MATCH_THRESHOLD
    clusters, too_slow = [], False
    if pasted:
        try:
            clusters = await find_clusters(db, pasted, threshold)
        except QueryInterrupted:
            too_slow = True
    if request.url_vars.get("format") == "json":  # for scripts: the same answer as data
        body = {"q": pasted, "min": threshold, "timed_out": too_slow, "clusters": [asdict(c) for c in clusters]}
        return Response.json(body, status=400 if too_slow else 200)
    return await _render(datasette, request, "first-appearance", "provenance_first_appearance.html",
                         db=db, q=pasted, threshold=threshold, clusters=clusters, too_slow=too_slow,
                         max_clusters=MAX_CLUSTERS)


async def speaker_page(datasette, request):
    db = _database(datasette, request)
    name = (request.args.get("name") or "").strip()
    speakers, statements = await speaker_statements(db, name) if name else ([], [])
    outlets = sorted({s["outlet"] or "(outlet unknown)" for s in statements})
    return await _render(datasette, request, "speaker", "provenance_speaker.html",
                         db=db, name=name, speakers=speakers, statements=statements, outlets=outlets,
                         max_statements=MAX_STATEMENTS)


async def changed_wording_page(datasette, request):
    db = _database(datasette, request)
    page = int(request.args.get("page") or 1) if (request.args.get("page") or "1").isdigit() else 1
    page = max(page, 1)
    # One extra cluster tells whether there is a next page.
    clusters = await changed_clusters(db, CHANGED_PER_PAGE + 1, (page - 1) * CHANGED_PER_PAGE)
    return await _render(datasette, request, "changed-wording", "provenance_changed_wording.html", db=db,
                         clusters=clusters[:CHANGED_PER_PAGE], page_number=page, has_next=len(clusters) > CHANGED_PER_PAGE)


async def spun_copies_page(datasette, request):
    db = _database(datasette, request)
    pairs = await spun_pairs(db)
    return await _render(datasette, request, "spun-copies", "provenance_spun_copies.html", db=db, pairs=pairs)


@hookimpl
def register_routes():
    return [
        (r"^/-/first-appearance(\.(?P<format>json))?$", first_appearance_page),
        (r"^/-/speaker$", speaker_page),
        (r"^/-/changed-wording$", changed_wording_page),
        (r"^/-/spun-copies$", spun_copies_page),
        (r"^/-/article/(?P<id>\d+)$", article_page),
    ]


HOME_COUNTS_SQL = """select
  (select count(*) from articles) as articles,
  (select count(distinct outlet) from articles) as outlets,
  (select count(*) from quotes) as quotes,
  (select count(*) from claims) as claims,
  (select count(*) from speakers) as speakers,
  (select count(*) from quote_clusters where n_outlets > 1) as shared_quotes,
  (select count(*) from articles where spun_copy_of is not null) as spun_copies"""


@hookimpl
def extra_template_vars(template, datasette):
    """Counts for the home page's summary line."""
    if template != "index.html":
        return {}

    async def inner():
        try:
            rows = (await datasette.get_database().execute(HOME_COUNTS_SQL)).rows
        except (sqlite3.DatabaseError, QueryInterrupted) as error:  # not a provenance database: no summary
            sys.stderr.write(f"provenance: no home summary ({error})\n")
            return {}
        return {"provenance_counts": dict(rows[0])}

    return inner


# (table, column) → (page, query parameter, link text) for links added after a cell's value.
CELL_LINKS = {
    ("quotes", "text"): ("first-appearance", "q", "↗ first appearance"),
    ("quotes_by_speaker", "text"): ("first-appearance", "q", "↗ first appearance"),
    ("quote_clusters", "canonical_text"): ("first-appearance", "q", "↗ first appearance"),
    ("speakers", "name"): ("speaker", "name", "↗ everything they said"),
    ("quotes_by_speaker", "speaker"): ("speaker", "name", "↗ everything they said"),
}


@hookimpl
def render_cell(row, value, column, table, datasette):
    """Quote texts link to their first-appearance page, speaker names to the speaker page,
    article titles to the article with its quotes marked (values escaped by ``Markup.format``)."""
    if (table, column) == ("articles", "title") and "id" in row.keys():
        url = datasette.urls.path(f"/-/article/{int(row['id'])}")
        return Markup('{} <a class="article-link" href="{}">↗ read with quotes marked</a>').format(value or "", url)
    link = CELL_LINKS.get((table, column))
    if link is None or not isinstance(value, str) or not value:
        return None
    page, parameter, label = link
    url = datasette.urls.path(f"/-/{page}") + "?" + urllib.parse.urlencode({parameter: value[:500]})
    return Markup('{} <a class="{}-link" href="{}">{}</a>').format(value, page, url, label)


@hookimpl
def menu_links(datasette):
    return [{"href": datasette.urls.path(f"/-/{page}"), "label": title} for page, (title, _) in PAGES.items()]
