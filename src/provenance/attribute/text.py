"""Sentence and paragraph boundaries, shared by the quote sieves and the claim finder."""

from __future__ import annotations

import re

ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "st", "sen", "rep", "gov", "gen", "col", "capt", "lt", "sgt",
    "jr", "sr", "prof", "rev", "no", "vs", "etc", "inc", "corp", "co", "ltd", "u.s", "u.k",
    "u.n", "d.c", "a.m", "p.m", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "adm", "maj", "fig", "ft", "mt", "ave", "blvd", "e.g", "i.e",
}
# A sentence ends at . ! ? (optionally followed by closing marks) before a space and a capital
# or an opening mark.
BOUNDARY_RE = re.compile(r"[.!?]+[”\"’'»)]*(?=\s+[“\"‘'«(\[]?[A-Z0-9])")


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence (start, end) offsets within text[start:end], never crossing a newline.

    >>> text = "Mr. Smith came. He said “Go.” Then left."
    >>> [text[a:b] for a, b in sentence_spans(text)]
    ['Mr. Smith came.', 'He said “Go.”', 'Then left.']
    """
    end = len(text) if end is None else end
    spans = []
    for paragraph in re.finditer(r"[^\n]+", text[start:end]):
        p_start = start + paragraph.start()
        p_end = start + paragraph.end()
        cursor = p_start
        for boundary in BOUNDARY_RE.finditer(text, p_start, p_end):
            word = re.search(r"([\w.]+)[.!?]*$", text[cursor:boundary.start() + 1])
            token = word.group(1).lower().rstrip(".") if word else ""
            if token in ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
                continue
            spans.append((cursor, boundary.end()))
            cursor = boundary.end()
            while cursor < p_end and text[cursor].isspace():
                cursor += 1
        if cursor < p_end:
            spans.append((cursor, p_end))
    return [(a, b) for a, b in spans if b > a]


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
