"""The shared records every stage passes along. Imports nothing of ours."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field


@dataclass
class Article:
    """One article after reading and cleaning. ``text`` is the clean body that all offsets index."""

    text: str
    outlet: str | None = None
    published: str | None = None  # ISO date YYYY-MM-DD
    url: str | None = None
    title: str | None = None
    author: str | None = None
    path: str | None = None  # where it was read from ("-" for stdin)

    @property
    def content_hash(self) -> str:
        """Stable identity of the article's words: re-ingesting the same text is a no-op."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()[:16]

    def to_dict(self) -> dict:
        return {
            "path": self.path,
            "outlet": self.outlet,
            "published": self.published,
            "url": self.url,
            "title": self.title,
            "author": self.author,
            "text": self.text,
        }


@dataclass
class Speaker:
    """A person (or body) as one article names them."""

    name: str
    role: str | None = None
    organisation: str | None = None
    gender: str | None = None  # "m", "f" or None when the article does not tell


@dataclass
class Quote:
    """Words inside quotation marks. ``text`` is ``article.text[start:end]``, except for a
    quotation split around its attribution or run over paragraphs (“A,” she said. “B.”): then
    ``fragments`` lists each stretch's [start, end], ``start``/``end`` run from the first to
    the last, and ``text`` is the stretches joined (" … " where words were left out between)."""

    text: str
    start: int
    end: int
    kind: str = "full"  # full | partial | scare
    speaker: str | None = None  # full name as the article gives it
    speaker_mention: str | None = None  # as written next to the quote: "he", "the expert", "Pashinyan"
    role: str | None = None
    organisation: str | None = None
    cue: str | None = None
    stance: str | None = None  # neutral | assertive | concessive | warning | ...
    sieve: str | None = None  # which rule decided the speaker
    confidence: float = 0.0
    fragments: list[list[int]] | None = None  # [[start, end], …] when split; None when whole

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Claim:
    """Reported speech or a check-worthy statement. ``speaker`` None means the outlet's own."""

    text: str
    start: int
    end: int
    kind: str = "reported"  # reported | according_to | statement
    speaker: str | None = None
    speaker_mention: str | None = None
    role: str | None = None
    organisation: str | None = None
    cue: str | None = None
    stance: str | None = None
    sieve: str | None = None
    confidence: float = 0.0

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Extraction:
    """Everything the pure pipeline finds in one article."""

    article: Article
    quotes: list[Quote] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    speakers: list[Speaker] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "article": self.article.to_dict(),
            "quotes": [q.to_dict() for q in self.quotes],
            "claims": [c.to_dict() for c in self.claims],
        }
