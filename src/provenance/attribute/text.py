"""Sentence and paragraph boundaries, shared by the quote sieves and the claim finder."""

from __future__ import annotations

import re

ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "st", "sen", "rep", "gov", "gen", "col", "capt", "lt", "sgt",
    "jr", "sr", "prof", "rev", "no", "vs", "etc", "inc", "corp", "co", "ltd", "u.s", "u.k",
    "u.n", "d.c", "a.m", "p.m", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "adm", "maj", "fig", "ft", "mt", "ave", "blvd", "e.g", "i.e",
}


def skip(pattern: re.Pattern[str], text: str, at: int, end: int | None = None) -> int:
    """Where ``pattern``, which can match the empty string, stops when matched at ``at``:
    past the run of characters it allows (never None, unlike ``pattern.match``).

    >>> skip(re.compile(r"[ ,]*"), "x, , y", 1)
    5
    """
    found = pattern.match(text, at) if end is None else pattern.match(text, at, end)
    return found.end() if found else at


# A sentence ends at . ! ? (optionally followed by closing marks) before a space and a capital
# or an opening mark.
BOUNDARY_RE = re.compile(r"[.!?]+[”\"’'»)]*(?=\s+[“\"‘'«(\[]{0,2}[A-Z0-9])")


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence (start, end) offsets within text[start:end], never crossing a newline.

    >>> text = "Mr. Smith came. He said “Go.” Then left."
    >>> [text[a:b] for a, b in sentence_spans(text)]
    ['Mr. Smith came.', 'He said “Go.”', 'Then left.']
    >>> text = "PARIS, Aug 31 (Reuters) - France’s leader, Marine Le Pen, spoke."
    >>> [text[a:b] for a, b in sentence_spans(text)]
    ['PARIS, Aug 31 (Reuters)', 'France’s leader, Marine Le Pen, spoke.']
    """
    end = len(text) if end is None else end
    spans = []
    cursor = start
    line_end = text.find("\n", cursor, end)
    if line_end < 0:
        line_end = end
    for boundary in BOUNDARY_RE.finditer(text, start, end):
        at = boundary.start()
        while at >= line_end:  # close the paragraphs before this boundary
            if cursor < line_end:
                spans.append((cursor, line_end))
            cursor = line_end + 1
            line_end = text.find("\n", cursor, end)
            if line_end < 0:
                line_end = end
        if boundary.end() > line_end or at < cursor:
            continue
        # The word before the period: an abbreviation or an initial does not end a sentence.
        word_start = max(text.rfind(" ", cursor, at), text.rfind("(", cursor, at), cursor - 1) + 1
        token = text[word_start:at].lower().strip("“\"'(")
        if token in ABBREVIATIONS or (len(token) == 1 and token.isalpha()) or (
            "." in token and len(token) <= 5 and token.replace(".", "").isalpha()
        ):
            continue
        spans.append((cursor, boundary.end()))
        cursor = boundary.end()
        while cursor < line_end and text[cursor].isspace():
            cursor += 1
    while cursor <= end:
        if line_end > cursor:
            spans.append((cursor, line_end))
        if line_end >= end:
            break
        cursor = line_end + 1
        line_end = text.find("\n", cursor, end)
        if line_end < 0:
            line_end = end
    trimmed = []
    for a, b in spans:
        while b > a and text[b - 1].isspace():
            b -= 1
        if b <= a:
            continue
        if text[a:a + 1].isupper() and (a == 0 or text[a - 1] == "\n"):
            dateline = DATELINE_RE.match(text, a, b)
            if dateline and dateline.end() < b:
                trimmed.append((a, dateline.start("dash") - (text[dateline.start("dash") - 1] == " ")))
                a = dateline.end()
        trimmed.append((a, b))
    return trimmed


# A wire-story dateline opens its own sentence: in "PARIS, Aug 31 (Reuters) - France’s
# far-right leader, Marine Le Pen, said", the subject starts after the dash.
DATELINE_RE = re.compile(
    r"[A-Z][A-Z.’'\-]+(?: [A-Z][A-Z.’'\-]+)*(?:, [A-Z][\w.]*(?: [A-Z][\w.]*)*)*(?:, \w{3,9}\.? \d{1,2})?"
    r"(?: \([A-Z][\w ]{1,20}\))? ?(?P<dash>-{1,2}|—|–) "
)


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
