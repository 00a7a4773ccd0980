import json
import pathlib

import pytest
from click.testing import CliRunner
from datasette.app import Datasette

from provenance.cli import cli
from provenance.serve import build_metadata, datasette_args
from provenance.store import TABLES


def test_metadata_describes_every_table_and_column():
    metadata = build_metadata()
    tables = metadata["databases"]["provenance"]["tables"]
    for table, spec in TABLES.items():
        assert tables[table]["description"]
        assert set(tables[table]["columns"]) == set(spec["columns"]), table


def test_committed_metadata_matches_code():
    committed = json.loads((pathlib.Path(__file__).parents[1] / "db" / "metadata.json").read_text())
    assert committed == build_metadata()


def test_serve_args_are_safe():
    args = datasette_args("x.db", "m.json")
    assert args[args.index("-h") + 1] == "127.0.0.1"
    assert "-i" in args and "sql_time_limit_ms" in args


@pytest.mark.asyncio
async def test_datasette_loads_metadata_and_quotes(tmp_path, article_dir):
    db_path = tmp_path / "provenance.db"
    CliRunner().invoke(cli, ["ingest", str(article_dir), "--db", str(db_path)], catch_exceptions=False)
    ds = Datasette([str(db_path)], immutables=[], metadata=build_metadata())
    response = await ds.client.get("/provenance/quotes.json?_shape=array&_labels=on")
    assert response.status_code == 200
    rows = response.json()
    assert any(isinstance(r["speaker_id"], dict) and r["speaker_id"]["label"] == "Nikol Pashinyan" for r in rows)
    ratio = await ds.client.get("/provenance.json?sql=select+fuzz_ratio('abc','abd')+as+r&_shape=array")
    assert ratio.json()[0]["r"] > 60
