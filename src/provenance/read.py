"""Inputs → Articles. The only stage that reads files; it never writes.

``iter_articles(paths)`` yields ``(source, Article | ReadError)`` so a bad file is reported
and the rest of the batch goes on.
"""

from __future__ import annotations

import json
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from .clean import clean_text
from .model import Article

TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
JSON_SUFFIXES = {".json", ".jsonl", ".ndjson"}
SUFFIXES = TEXT_SUFFIXES | JSON_SUFFIXES
MAX_BYTES = 50 * 1024 * 1024
# Header lines a plain-text article may start with ("outlet: AFP").
HEADER_RE = re.compile(r"\A(?:(?:outlet|source|published|date|url|title|author)\s*:\s*[^\n]*\n)+", re.IGNORECASE)
# JSON field names we accept for each Article field, first found wins.
JSON_FIELDS = {
    "text": ("text", "body", "content", "article"),
    "outlet": ("outlet", "source", "site", "sitename", "publisher"),
    "published": ("published", "date", "published_at", "pubdate"),
    "url": ("url", "link", "canonical_url"),
    "title": ("title", "headline"),
    "author": ("author", "byline"),
}


@dataclass
class ReadError:
    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


def expand_paths(paths: Iterable[str]) -> Iterator[str]:
    """Files under the given paths, directories recursively and sorted; "-" stays stdin."""
    for path in paths:
        if path == "-":
            yield path
        elif os.path.isdir(path):
            for found in sorted(Path(path).rglob("*")):
                if found.is_file() and not found.name.startswith(".") and found.suffix.lower() in SUFFIXES:
                    yield str(found)
        else:
            yield path


def article_from_text(raw: str, path: str | None = None, **overrides) -> Article:
    """Clean raw text (with optional header lines) into an Article; overrides win."""
    meta: dict = {}
    header = HEADER_RE.match(raw)
    if header:
        for line in header.group(0).splitlines():
            key, _, value = line.partition(":")
            key = key.strip().lower()
            key = {"source": "outlet", "date": "published"}.get(key, key)
            meta[key] = value.strip() or None
        raw = raw[header.end():]
    text, found = clean_text(raw)
    meta = {**found, **meta}
    meta.update({k: v for k, v in overrides.items() if v is not None})
    return Article(text=text, path=path, **{k: meta.get(k) for k in ("outlet", "published", "url", "title", "author")})


def article_from_record(record: dict, path: str | None = None, **overrides) -> Article:
    """A JSON record → Article, with the field names of ``JSON_FIELDS``."""
    values = {}
    for field, keys in JSON_FIELDS.items():
        values[field] = next((record[k] for k in keys if isinstance(record.get(k), str) and record[k].strip()), None)
    if not values["text"]:
        raise ValueError("record has no text field (" + "/".join(JSON_FIELDS["text"]) + ")")
    text, found = clean_text(values.pop("text"))
    values["published"] = values["published"] or found.get("published")
    if values["published"]:
        values["published"] = values["published"][:10]
    values.update({k: v for k, v in overrides.items() if v is not None})
    return Article(text=text, path=path, **values)


def iter_articles(paths: Iterable[str], stdin=None, **overrides) -> Iterator[tuple[str, Article | ReadError]]:
    for path in expand_paths(paths):
        try:
            if path == "-":
                raw = (stdin or sys.stdin).read()
                yield from _parse(path, raw, **overrides)
                continue
            if os.path.getsize(path) > MAX_BYTES:
                yield path, ReadError(path, f"file is larger than {MAX_BYTES // 2**20} MB")
                continue
            data = Path(path).read_bytes()
            if b"\x00" in data[:4096]:
                yield path, ReadError(path, "binary file, not text")
                continue
            raw = data.decode("utf-8")
        except UnicodeDecodeError as error:
            yield path, ReadError(path, f"not UTF-8 ({error.reason} at byte {error.start})")
            continue
        except OSError as error:
            yield path, ReadError(path, error.strerror or str(error))
            continue
        yield from _parse(path, raw, **overrides)


def _parse(path: str, raw: str, **overrides) -> Iterator[tuple[str, Article | ReadError]]:
    suffix = Path(path).suffix.lower()
    stripped = raw.lstrip()
    if suffix in JSON_SUFFIXES or (path == "-" and stripped.startswith("{")):
        yield from _parse_json(path, raw, suffix, **overrides)
        return
    if not stripped:
        yield path, ReadError(path, "empty file")
        return
    article = article_from_text(raw, path=path, **overrides)
    if not article.text:
        yield path, ReadError(path, "no article text left after cleaning")
        return
    yield path, article


def _parse_json(path: str, raw: str, suffix: str, **overrides) -> Iterator[tuple[str, Article | ReadError]]:
    lines = raw.splitlines() if suffix != ".json" else [raw]
    if suffix == ".json":
        try:
            loaded = json.loads(raw)
        except json.JSONDecodeError as error:
            yield path, ReadError(path, f"malformed JSON: {error.msg} at line {error.lineno}")
            return
        records = loaded if isinstance(loaded, list) else [loaded]
        for number, record in enumerate(records, 1):
            yield from _record(f"{path}#{number}", record, **overrides)
        return
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            yield f"{path}:{number}", ReadError(f"{path}:{number}", f"malformed JSON line: {error.msg}")
            continue
        yield from _record(f"{path}:{number}", record, **overrides)


def _record(where: str, record, **overrides):
    if not isinstance(record, dict):
        yield where, ReadError(where, "JSON record is not an object")
        return
    try:
        yield where, article_from_record(record, path=where, **overrides)
    except ValueError as error:
        yield where, ReadError(where, str(error))
