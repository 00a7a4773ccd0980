"""Raw scraped text → clean body plus the metadata found inside it. Pure: no I/O.

Scrapes carry noise a fact-checker must never see quoted back: ad slots, "Source link"
footers, parenthesised related-article links and a ``date YYYY-MM-DD`` header that is
sometimes glued to the first sentence.
"""

from __future__ import annotations

import re

# " date 2023-09-24 The Armenian prime minister…" (header glued to the first sentence)
DATE_HEADER = re.compile(r"\A\s*date[:\s]\s*(\d{4}-\d{2}-\d{2})\b[ \t]*\n?")
AD_SLOT = re.compile(r"\[ad_\d+\]")
SOURCE_LINK_LINE = re.compile(r"^\s*Source link\s*$", re.MULTILINE | re.IGNORECASE)
# "(Also: …)", "(You can read: …)", "(See also: …)", "(In context: …)", "(Also read: …)"
RELATED_LINK_PARA = re.compile(
    r"^[ \t]*\((?:also|also read|you can read|you can also read|see also|read also|read more|"
    r"in context|related|more|lee también|te puede interesar)\s*:[^\n]*\)[ \t]*$",
    re.MULTILINE | re.IGNORECASE,
)
# A "See also <headline>" link glued to the end of a paragraph or standing on its own line.
SEE_ALSO_TAIL = re.compile(r"(?:(?<=[.!?”\"])[ \t]+|^[ \t]*)See also\b[^\n]*$", re.MULTILINE)
BLANK_RUNS = re.compile(r"\n{3,}")
TRAILING_SPACE = re.compile(r"[ \t]+$", re.MULTILINE)


def clean_text(raw: str) -> tuple[str, dict]:
    """Return ``(clean_text, metadata)`` for scraped article text.

    >>> clean_text(" date 2023-09-24 Armenia said so.\\n\\n(Also: Other story)\\n\\nSource link")
    ('Armenia said so.', {'published': '2023-09-24'})
    """
    meta: dict = {}
    text = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    header = DATE_HEADER.match(text)
    if header:
        meta["published"] = header.group(1)
        text = text[header.end():]
    # Each pattern runs only when a plain substring test says it can match: most articles have
    # none of this noise, and the multi-line patterns are the slow part of reading.
    if "[ad_" in text:
        text = AD_SLOT.sub("", text)
    lowered = text.lower()
    if "source link" in lowered:
        text = SOURCE_LINK_LINE.sub("", text)
    if ":" in text and "(" in text:
        text = RELATED_LINK_PARA.sub("", text)
    if "See also" in text:
        text = SEE_ALSO_TAIL.sub("", text)
    if " \n" in text or "\t\n" in text or text.endswith((" ", "\t")):
        text = TRAILING_SPACE.sub("", text)
    if "\n\n\n" in text:
        text = BLANK_RUNS.sub("\n\n", text)
    return text.strip(), meta
