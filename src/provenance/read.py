"""Inputs → Articles. The only stage that reads files; it never writes.

``iter_articles(paths)`` yields ``(source, Article | ReadError)`` so a bad file is reported
and the rest of the batch goes on. ``Reader`` does the same and also counts the bytes it has
read, for a progress bar.

Formats, chosen by suffix (or sniffed from the content for stdin and unknown suffixes):

========================  =====================================================================
``.txt .text .md``        plain text; optional ``key: value`` header lines or YAML front matter
``.html .htm .xhtml``     trafilatura: main text plus site name, date, author, title, canonical URL
``.json``                 one record or a list of records (field names in ``FIELDS``)
``.jsonl .ndjson``        one record per line, streamed
``.warc .warc.gz``        warcio: every HTML response is an article; its URL and capture date kept
========================  =====================================================================

Bad input never raises: each problem becomes one ``ReadError`` naming the file (or record) and
the reason. Text that is not UTF-8 is decoded with the charset it declares or else the one
charset-normalizer detects;
mojibake ("cafÃ©") is repaired with ftfy. Dates become ISO ``YYYY-MM-DD``; a date that cannot
exist (``2023-02-30``, a future day) is an error for that article, since a wrong date would
corrupt "where did this quote first appear".
"""

from __future__ import annotations

import datetime as dt
import glob
import json
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Iterable, Iterator

from .clean import clean_text
from .model import Article

FORMATS_BY_SUFFIX = {
    ".txt": "text", ".text": "text", ".md": "text", "": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".json": "json",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".warc": "warc", ".warc.gz": "warc",
}
# Text, HTML and JSON files are read whole, so they have a size limit; JSON lines and WARC files
# are streamed record by record, and the limit applies to each record.
MAX_FILE_BYTES = 50 * 1024 * 1024
ARTICLE_FIELDS = ("outlet", "published", "url", "title", "author")
# Field names accepted in JSON records, YAML front matter and text headers; first found wins.
FIELDS = {
    "text": ("text", "body", "content", "article", "maintext"),
    "outlet": ("outlet", "source", "site", "sitename", "site_name", "publisher", "source_domain"),
    "published": ("published", "date", "published_at", "publication_date", "pubdate", "date_publish", "datetime"),
    "url": ("url", "link", "canonical_url", "source_url"),
    "title": ("title", "headline"),
    "author": ("author", "authors", "byline"),
}
FIELD_FOR_KEY = {key: field for field, keys in FIELDS.items() for key in keys}
# Header lines a plain-text article may start with ("outlet: AFP"), up to the first other line.
HEADER_LINE = re.compile(r"(?P<key>[A-Za-z_]+)[ \t]*:[ \t]*(?P<value>[^\n]*)\n")
FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?![\d])")
# A UTF-8 lead byte read as Latin-1/cp1252 ("Ã", "â") followed by a continuation byte read the
# same way ("©", "€", "œ"): the mark of mojibake, cheap to look for before asking ftfy.
MOJIBAKE_HINT = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u20ac\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160"
    "\u2039\u0152\u017d\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u017e\u0178]"
)
UNICODE_BOMS = ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
                (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
WIDE_UNICODE = ["utf_16", "utf_16_le", "utf_16_be", "utf_32", "utf_32_le", "utf_32_be"]
HTML_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_-]+)""", re.IGNORECASE)
BINARY_SIGNATURES = {
    b"%PDF": "a PDF", b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image", b"GIF8": "a GIF image",
    b"PK\x03\x04": "a ZIP archive (or .docx/.xlsx)", b"\x1f\x8b": "gzip-compressed", b"\x7fELF": "a program",
    b"SQLite format 3\x00": "an SQLite database",
}


@dataclass
class ReadError:
    """One input that could not become an article, and why."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


class BadInput(ValueError):
    """Raised inside the reader for a problem that becomes a ``ReadError``."""


# --- dates -----------------------------------------------------------------------------------


def normalise_date(value) -> str | None:
    """An ISO ``YYYY-MM-DD`` for a date in any common form; ``BadInput`` when it cannot exist.

    >>> normalise_date("2023-09-24T10:00:00+02:00"), normalise_date("24 September 2023")
    ('2023-09-24', '2023-09-24')
    >>> normalise_date("2023-02-30")
    Traceback (most recent call last):
    ...
    provenance.read.BadInput: impossible date '2023-02-30' (day is out of range for month)
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    else:
        text = str(value).strip()
        iso = ISO_DATE.match(text)
        if iso:
            # ISO dates, by far the most common, need no guessing: the standard library decides.
            try:
                day = dt.date.fromisoformat(iso.group(0))
            except ValueError as error:
                raise BadInput(f"impossible date {text!r} ({error})") from None
        else:
            day = _parse_date_words(text)
    if day > dt.date.today() + dt.timedelta(days=1):
        raise BadInput(f"impossible date {str(value)!r} (in the future)")
    if day.year < 1800:
        raise BadInput(f"impossible date {str(value)!r} (before 1800)")
    return day.isoformat()


def _parse_date_words(text: str) -> dt.date:
    """"24 September 2023", "Sep. 24, 2023", "24/09/2023" via dateparser; never relative dates."""
    import dateparser  # slow to import; only needed for dates that are not ISO

    parsed = dateparser.parse(
        text,
        settings={
            "PARSERS": ["timestamp", "custom-formats", "absolute-time"],  # "yesterday" means nothing in an archive
            "REQUIRE_PARTS": ["month", "year"],
            "PREFER_DAY_OF_MONTH": "first",
            "RETURN_AS_TIMEZONE_AWARE": False,
        },
    )
    if parsed is None:
        raise BadInput(f"impossible or unreadable date {text!r}")
    return parsed.date()


# --- bytes → text ----------------------------------------------------------------------------


def decode(data: bytes, declared: str | None = None, fix: bool = True) -> str:
    """Bytes → text: UTF-8 first, then a declared charset, then charset-normalizer's guess;
    mojibake repaired with ftfy. ``BadInput`` for binary data.

    >>> decode("Le café est fermé, a dit la patronne.".encode("cp1252"))
    'Le café est fermé, a dit la patronne.'
    """
    if not data.strip():
        raise BadInput("empty file")
    head = data[:8192]
    for signature, kind in BINARY_SIGNATURES.items():
        if head.startswith(signature):
            raise BadInput(f"binary file ({kind}), not text")
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise BadInput("binary file (contains NUL bytes), not text")
    try:
        text = data.decode(_unicode_by_bom(data) or "utf-8-sig")
    except UnicodeDecodeError:
        text = None
        if declared:
            try:
                text = data.decode(declared)
            except (LookupError, UnicodeDecodeError):
                text = None
        if text is None:
            from charset_normalizer import from_bytes

            # No NUL bytes and no byte-order mark: UTF-16/32 guesses are wrong (seen on short texts).
            best = from_bytes(data, cp_exclusion=WIDE_UNICODE).best()
            if best is None:
                raise BadInput("unknown encoding: not UTF-8, and charset-normalizer found no encoding that fits") from None
            text = str(best)
    return fix_mojibake(text) if fix else text


def _unicode_by_bom(data: bytes) -> str | None:
    for bom, encoding in UNICODE_BOMS:
        if data.startswith(bom):
            return encoding
    return None


def fix_mojibake(text: str) -> str:
    """Repair UTF-8 that was decoded as Latin-1/cp1252 somewhere upstream ("â€œ" → "“").

    >>> fix_mojibake("CafÃ© owner said")
    'Café owner said'
    """
    if not MOJIBAKE_HINT.search(text):
        return text  # the usual case, decided by one regex scan
    import ftfy

    # fix_encoding only touches mojibake (no quote uncurling or other normalising).
    return ftfy.fix_encoding(text) if ftfy.badness.is_bad(text) else text


# --- one article from each format --------------------------------------------------------------


def article_from_text(raw: str, path: str | None = None, **overrides) -> Article:
    """Clean raw text (with optional header lines or YAML front matter) into an Article.

    >>> article_from_text("outlet: AFP\\ndate: 24 Sep 2023\\n\\nIt rained.").published
    '2023-09-24'
    """
    meta, body = _text_header(raw)
    return _article(body, meta, path, overrides)


def _text_header(raw: str) -> tuple[dict, str]:
    """Metadata from YAML front matter, or from ``key: value`` lines whose keys we know."""
    raw = raw.lstrip("\ufeff")
    front = FRONT_MATTER.match(raw)
    if front:
        import yaml

        try:
            # BaseLoader keeps every value a string: dates are judged by normalise_date, not YAML.
            loaded = yaml.load(front.group("yaml"), Loader=yaml.BaseLoader)
        except yaml.YAMLError as error:
            raise BadInput(f"malformed YAML front matter: {str(error).splitlines()[0]}") from None
        if not isinstance(loaded, dict):
            raise BadInput("YAML front matter is not a mapping of field: value")
        return _known_fields(loaded), raw[front.end():]
    meta: dict = {}
    position = 0
    while True:
        line = HEADER_LINE.match(raw, position)
        if not line or line.group("key").lower() not in FIELD_FOR_KEY or FIELD_FOR_KEY[line.group("key").lower()] == "text":
            break
        meta.setdefault(FIELD_FOR_KEY[line.group("key").lower()], line.group("value").strip() or None)
        position = line.end()
    return meta, raw[position:]


def article_from_record(record: dict, path: str | None = None, **overrides) -> Article:
    """A JSON record → Article, with the field names of ``FIELDS``."""
    if not isinstance(record, dict):
        raise BadInput("JSON record is not an object")
    meta = _known_fields(record)
    text = meta.pop("text", None)
    if not isinstance(text, str) or not text.strip():
        raise BadInput("record has no text (fields tried: " + ", ".join(FIELDS["text"]) + ")")
    return _article(fix_mojibake(text), meta, path, overrides)


def article_from_html(html: str, path: str | None = None, page_url: str | None = None,
                      fallback_date: str | None = None, **overrides) -> Article:
    """Main text and metadata of a web page with trafilatura. ``page_url`` is where the page was
    fetched (a canonical link in the page wins); ``fallback_date`` is used when the page has none."""
    import trafilatura

    try:
        document = trafilatura.bare_extraction(html, url=page_url, with_metadata=True, include_comments=False)
    except Exception as error:  # trafilatura/lxml raise many kinds on broken markup
        raise BadInput(f"malformed HTML ({type(error).__name__}: {error})") from None
    if document is None or not (document.text or "").strip():
        raise BadInput("no article text found in the HTML (malformed, empty, or not an article page)")
    paragraphs = [p.strip() for p in document.text.split("\n") if p.strip()]
    if paragraphs and document.title and paragraphs[0] == document.title.strip():
        paragraphs = paragraphs[1:]  # trafilatura repeats the headline as the first line
    meta = {
        "outlet": document.sitename or document.hostname,
        "published": document.date or fallback_date,
        "url": document.url or page_url,
        "title": document.title,
        "author": document.author,
    }
    return _article("\n\n".join(paragraphs), meta, path, overrides)


def _known_fields(record: dict) -> dict:
    """Values of the keys in ``FIELDS``, earlier names first ("outlet" before "source");
    lists of authors joined."""
    by_name = {str(key).lower(): value for key, value in record.items()}
    meta: dict = {}
    for field, names in FIELDS.items():
        value = next((by_name[n] for n in names if by_name.get(n) not in (None, "", [])), None)
        if value is None:
            continue
        if isinstance(value, list) and field == "author":
            value = ", ".join(str(v) for v in value)
        elif isinstance(value, dict) and field == "outlet":
            value = value.get("name")
        if isinstance(value, (dt.date, dt.datetime)) or field == "text":
            meta[field] = value
        else:
            meta[field] = str(value).strip() or None
    return meta


def _article(raw_text: str, meta: dict, path: str | None, overrides: dict) -> Article:
    """Clean the body, merge metadata (overrides > explicit fields > found in text), check it."""
    text, found = clean_text(raw_text)
    if not text:
        raise BadInput("no article text left after cleaning")
    values = {field: meta.get(field) or found.get(field) for field in ARTICLE_FIELDS}
    values.update({k: v for k, v in overrides.items() if v is not None})
    values["published"] = normalise_date(values["published"])
    return Article(text=text, path=path, **values)


# --- paths → sources ---------------------------------------------------------------------------


def input_format(path: str) -> str | None:
    """The format a file's name says, or None when it says nothing we read."""
    name = path.lower()
    if name.endswith(".warc.gz"):
        return "warc"
    return FORMATS_BY_SUFFIX.get(os.path.splitext(name)[1])


def sniff_format(data: bytes) -> str:
    """The format of content with no telling name (stdin, odd suffixes)."""
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"WARC/") or (data[:2] == b"\x1f\x8b" and _gunzip_head(data).startswith(b"WARC/")):
        return "warc"
    if head.startswith((b"{", b"[")):
        first_line = head.split(b"\n", 1)[0].rstrip()
        return "jsonl" if head.startswith(b"{") and first_line.endswith(b"}") else "json"
    if re.match(rb"(?i)<(!doctype|html|head|body|article|div|p\b|meta)", head):
        return "html"
    return "text"


def _gunzip_head(data: bytes) -> bytes:
    import zlib

    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data[:65536], 64)
    except zlib.error:
        return b""


def expand_paths(paths: Iterable[str]) -> Iterator[str | ReadError]:
    """Files under the given paths: directories recursively (known suffixes, no hidden files)
    and sorted, globs expanded, ``-`` kept for stdin; a path that matches nothing → ReadError."""
    for path in paths:
        if path == "-":
            yield path
        elif os.path.isdir(path):
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith(".") and input_format(name) is not None:
                        yield os.path.join(root, name)
        elif os.path.lexists(path):
            yield path
        elif glob.has_magic(path):
            matches = sorted(glob.glob(path, recursive=True))
            if not matches:
                yield ReadError(path, "no file matches this pattern")
            yield from expand_paths(matches)
        else:
            yield ReadError(path, "no such file or directory")


class Reader:
    """Iterate ``(source, Article | ReadError)`` over paths, counting bytes read for progress."""

    def __init__(self, paths: Iterable[str], stdin: IO | None = None, defer: bool = False, **overrides):
        self.sources = list(expand_paths(paths))
        self.stdin = stdin
        self.defer = defer  # yield Pending* items: a worker process runs trafilatura / decodes JSON
        self.overrides = overrides
        self.total_bytes = sum(_size(s) for s in self.sources if isinstance(s, str) and s != "-")
        self.bytes_read = 0

    def __iter__(self) -> Iterator[tuple[str, Article | ReadError]]:
        for source in self.sources:
            if isinstance(source, ReadError):
                yield source.path, source
                continue
            start = self.bytes_read
            yield from self._read(source)
            if source != "-":
                self.bytes_read = start + _size(source)

    def _read(self, path: str) -> Iterator[tuple[str, Article | ReadError]]:
        try:
            if path == "-":
                data = _read_stdin(self.stdin)
                yield from self._parse(path, sniff_format(data), data)
                return
            fmt = input_format(path)
            if fmt in ("jsonl", "warc"):
                with open(path, "rb") as stream:
                    yield from (self._jsonl if fmt == "jsonl" else self._warc)(path, stream)
                return
            size = os.path.getsize(path)
            if size > MAX_FILE_BYTES:
                raise BadInput(f"file is {_megabytes(size)}, over the {_megabytes(MAX_FILE_BYTES)} limit for one file")
            data = Path(path).read_bytes()
            if fmt is None:
                fmt = sniff_format(data)
                if fmt in ("jsonl", "warc"):
                    with open(path, "rb") as stream:
                        yield from (self._jsonl if fmt == "jsonl" else self._warc)(path, stream)
                    return
            yield from self._parse(path, fmt, data)
        except BadInput as error:
            yield path, ReadError(path, str(error))
        except OSError as error:
            yield path, ReadError(path, f"cannot read: {error.strerror or error}")

    def _parse(self, path: str, fmt: str, data: bytes) -> Iterator[tuple[str, Article | ReadError]]:
        if fmt in ("jsonl", "warc"):  # stdin: stream from memory
            import io

            yield from (self._jsonl if fmt == "jsonl" else self._warc)(path, io.BytesIO(data))
            return
        text = decode(data, declared=_html_charset(data) if fmt == "html" else None)
        if fmt == "html":
            yield path, self._html(text, path)
        elif fmt == "json":
            yield from self._json(path, text)
        else:
            yield path, article_from_text(text, path=path, **self.overrides)

    def _json(self, path: str, text: str):
        try:
            loaded = json.loads(text)
        except json.JSONDecodeError as error:
            raise BadInput(f"malformed JSON: {error}") from None
        if isinstance(loaded, dict) and isinstance(loaded.get("articles"), list):
            loaded = loaded["articles"]
        records = loaded if isinstance(loaded, list) else [loaded]
        if not records:
            raise BadInput("no records: the JSON list is empty")
        for number, record in enumerate(records, 1):
            where = f"{path}#{number}" if isinstance(loaded, list) else path
            yield where, _guard(where, lambda: article_from_record(record, path=where, **self.overrides))

    def _jsonl(self, path: str, stream: IO[bytes]):
        records = 0
        for number, line in enumerate(stream, 1):
            self.bytes_read += len(line)
            if number == 1 and line.startswith(b"\xef\xbb\xbf"):
                line = line[3:]  # a UTF-8 byte-order mark, as some Windows tools write
            if not line.strip():
                continue
            records += 1
            where = f"{path}:{number}"
            pending = PendingRecord(line, where, self.overrides)
            yield where, pending if self.defer else pending.resolve()
        if not records:
            yield path, ReadError(path, "empty file")

    def _warc(self, path: str, stream: IO[bytes]):
        from warcio.archiveiterator import ArchiveIterator
        from warcio.exceptions import ArchiveLoadFailed

        found = 0
        start = self.bytes_read
        records = iter(ArchiveIterator(stream))
        while True:
            try:
                record = next(records)
            except StopIteration:
                break
            except (ArchiveLoadFailed, ValueError, EOFError, OSError) as error:
                yield path, ReadError(path, f"malformed WARC after {found} articles: {str(error).splitlines()[0][:200]}")
                return
            if record.rec_type != "response" or record.http_headers is None:
                continue
            content_type = record.http_headers.get_header("Content-Type") or ""
            if "html" not in content_type.lower() or not record.http_headers.get_statuscode().startswith("2"):
                continue
            found += 1
            uri = record.rec_headers.get_header("WARC-Target-URI")
            where = f"{path}#{uri or found}"
            charset = re.search(r"charset=([\w-]+)", content_type, re.IGNORECASE)
            capture_date = record.rec_headers.get_header("WARC-Date")
            body = record.content_stream().read(MAX_FILE_BYTES + 1)  # never more than the limit in memory
            self.bytes_read = start + stream.tell()
            yield where, _guard(where, lambda: self._warc_article(body, where, uri, capture_date, charset))
        if not found:
            yield path, ReadError(path, "no HTML responses in this WARC file")

    def _warc_article(self, body: bytes, where: str, uri: str | None, capture_date: str | None, charset) -> Article:
        if len(body) > MAX_FILE_BYTES:
            raise BadInput(f"response is over the {_megabytes(MAX_FILE_BYTES)} limit for one article")
        html = decode(body, declared=charset.group(1) if charset else _html_charset(body))
        return self._html(html, where, page_url=uri, fallback_date=capture_date)

    def _html(self, html: str, where: str, **found) -> Article | PendingHTML:
        pending = PendingHTML(html, where, {**found, **self.overrides})
        return pending if self.defer else pending.article()


class Pending:
    """An input read but not yet made into an Article: the slow part is left to whoever parses
    it (``ingest`` runs it in a worker process). ``resolve()`` gives the Article or the error."""

    path: str

    def article(self) -> Article:
        raise NotImplementedError

    def resolve(self) -> Article | ReadError:
        return _guard(self.path, self.article)


@dataclass
class PendingHTML(Pending):
    """A decoded page awaiting trafilatura (the slow part of reading HTML)."""

    html: str
    path: str
    options: dict

    def article(self) -> Article:
        return article_from_html(self.html, path=self.path, **self.options)


@dataclass
class PendingRecord(Pending):
    """One JSON line awaiting decoding, cleaning and date parsing (a third of a millisecond)."""

    line: bytes
    path: str
    options: dict

    def article(self) -> Article:
        if len(self.line) > MAX_FILE_BYTES:
            raise BadInput(f"record is {_megabytes(len(self.line))}, over the {_megabytes(MAX_FILE_BYTES)} limit")
        try:
            record = json.loads(_decode_line(self.line))
        except json.JSONDecodeError as error:
            raise BadInput(f"malformed JSON line: {error}") from None
        return article_from_record(record, path=self.path, **self.options)


def iter_articles(paths: Iterable[str], stdin: IO | None = None, **overrides) -> Iterator[tuple[str, Article | ReadError]]:
    """``(source, Article | ReadError)`` for every article in paths, in order."""
    return iter(Reader(paths, stdin=stdin, **overrides))


def _guard(where: str, make) -> Article | ReadError:
    try:
        return make()
    except BadInput as error:
        return ReadError(where, str(error))


def _html_charset(data: bytes) -> str | None:
    """The charset a page declares (``<meta charset="windows-1251">``), tried before guessing."""
    found = HTML_CHARSET.search(data[:4096])
    return found.group(1).decode("ascii") if found else None


def _decode_line(line: bytes) -> str:
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        return decode(line, fix=False)


def _read_stdin(stdin: IO | None) -> bytes:
    stream = stdin or sys.stdin
    buffer = getattr(stream, "buffer", None)
    data = buffer.read() if buffer is not None else stream.read()
    if isinstance(data, str):
        data = data.encode("utf-8")
    if not data.strip():
        raise BadInput("empty input on stdin")
    return data


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def _megabytes(size: int) -> str:
    return f"{size / 2**20:.0f} MB" if size >= 2**20 else f"{size / 1024:.0f} KB"
