"""Datasette plugin shipped with provenance: rapidfuzz as SQL functions.

    select fuzz_ratio('It is depressing', 'It’s miserable')
    select * from quotes where fuzz_partial_ratio(text, :q) > 85
"""

from __future__ import annotations

from datasette import hookimpl
from rapidfuzz import fuzz

FUNCTIONS = {
    "fuzz_ratio": fuzz.ratio,
    "fuzz_partial_ratio": fuzz.partial_ratio,
    "fuzz_token_set_ratio": fuzz.token_set_ratio,
    "fuzz_token_sort_ratio": fuzz.token_sort_ratio,
    "fuzz_wratio": fuzz.WRatio,
}


def _safe(function):
    def call(a, b):
        if a is None or b is None:
            return None
        return round(function(str(a), str(b)), 2)

    return call


def register_functions(conn) -> None:
    """Add the fuzz_* functions to a sqlite3 connection (also usable outside Datasette)."""
    for name, function in FUNCTIONS.items():
        conn.create_function(name, 2, _safe(function), deterministic=True)


@hookimpl
def prepare_connection(conn):
    register_functions(conn)
