"""Find quoted spans: the first step of attribution. Pure and linear in the text length.

Marks: straight ``"`` and curly “ ” double quotes, „ low quotes, « guillemets », and the
New York Times' two apostrophes ``''``. Single quotes nest inside and are left alone.
A quote never runs past its paragraph: an unbalanced mark cannot swallow the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPENERS = {"“": "”", "„": "“", "«": "»", '"': '"', "''": "''", "‟": "”"}
CLOSERS = {"”", "»", '"', "''", "“"}
# One literal per branch (not a character class) lets the engine skip to the next mark in C.
MARK_RE = re.compile("''|" + "|".join("“”„‟«»\""))
PARAGRAPH_RE = re.compile(r"[^\n]+")


@dataclass
class Span:
    start: int  # first character inside the marks
    end: int  # one past the last character inside the marks
    open_at: int  # offset of the opening mark
    close_at: int | None  # offset of the closing mark; None when the paragraph never closed it
    paragraph: int  # index of the paragraph the quote opens in
    continues: bool = False  # the next paragraph reopens the same quote


def _opens_here(text: str, at: int, mark: str) -> bool:
    """Whether an ambiguous mark at ``at`` opens (space or start before it) or closes."""
    before = text[at - 1] if at > 0 else " "
    after = text[at + len(mark)] if at + len(mark) < len(text) else " "
    if mark in ("“", "„", "«", "‟"):
        return True
    if mark in ("”", "»"):
        # A ” used as an opener: space before, word after ("”text”" from bad scrapes).
        return before.isspace() and after.isalnum()
    # Straight marks: open after space/start/bracket/dash, close otherwise.
    return before.isspace() or before in "([{—–-/:" or at == 0


def find_spans(text: str) -> list[Span]:
    """Quoted spans in ``text``, in order.

    >>> [text[s.start:s.end] for text in ['He said “no,” then “yes”.'] for s in find_spans(text)]
    ['no', 'yes']
    """
    spans: list[Span] = []
    paragraphs = [(m.start(), m.end()) for m in PARAGRAPH_RE.finditer(text)]
    for number, (p_start, p_end) in enumerate(paragraphs):
        open_at = None
        open_mark = ""
        for mark in MARK_RE.finditer(text, p_start, p_end):
            at, symbol = mark.start(), mark.group(0)
            if open_at is None:
                if symbol in OPENERS and _opens_here(text, at, symbol):
                    open_at, open_mark = at, symbol
                continue
            # Inside a quote: the matching closer ends it; a fresh curly opener means the
            # writer forgot to close, so close there and open anew.
            closes = symbol in CLOSERS and (
                symbol == OPENERS[open_mark] or symbol in ("”", "»", "''") or (symbol == '"' and open_mark != "''")
            )
            if symbol == "“" and open_mark == "“" and text[at - 1:at] in (",", ".", "!", "?") and text[at + 1:at + 2] in ("", " "):
                closes = True  # “…,“ said Clyburn: an opening mark typed where the closing one belongs
            elif symbol == "“" and open_mark == "“":
                closes = False
                spans.append(Span(open_at + 1, at, open_at, None, number))
                open_at, open_mark = at, symbol
                continue
            if closes:
                spans.append(Span(open_at + len(open_mark), at, open_at, at, number))
                open_at = None
        if open_at is not None:
            # Unclosed at the end of the paragraph: a multi-paragraph quote when the next
            # paragraph opens with a mark, otherwise a stray mark we ignore.
            following = paragraphs[number + 1][0] if number + 1 < len(paragraphs) else None
            if following is not None and MARK_RE.match(text, following):
                spans.append(Span(open_at + len(open_mark), p_end, open_at, None, number, continues=True))
    return [_trim(text, span) for span in spans if span.end > span.start]


def _trim(text: str, span: Span) -> Span:
    """Drop whitespace and a trailing comma inside the marks, keeping offsets exact."""
    start, end = span.start, span.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",:;"):
        end -= 1
    span.start, span.end = start, end
    return span
