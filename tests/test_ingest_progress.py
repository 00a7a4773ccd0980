"""The progress bar appears on a terminal (a real pseudo-terminal here), and only there."""

import json
import os
import pty
import subprocess
import sys

COMMAND = [sys.executable, "-c", "from provenance.cli import cli; cli()", "ingest"]


def run_on_terminal(args, cwd):
    """Run the command with stdout and stderr on a pseudo-terminal; return what it showed."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(COMMAND + args, stdout=follower, stderr=follower, stdin=subprocess.DEVNULL, cwd=cwd)
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the command closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    process.wait(timeout=120)
    return process.returncode, shown.decode("utf-8", "replace")


def write_inputs(tmp_path):
    source = tmp_path / "articles.jsonl"
    source.write_text("".join(json.dumps({"text": f"“Point {n} stands,” said Jane Smith on day {n}."}) + "\n"
                              for n in range(30)))
    (tmp_path / "empty.txt").write_text("")
    return source


def test_progress_bar_with_docs_per_second_on_a_terminal(tmp_path):
    source = write_inputs(tmp_path)
    code, shown = run_on_terminal([str(source), "empty.txt", "--db", "p.db"], cwd=tmp_path)
    assert code == 1
    assert "ingesting" in shown and "docs/s" in shown and "30 articles" in shown
    assert "error: empty.txt: empty file" in shown
    assert "matching the quotes of 30 new articles" in shown  # the step after the bar is not silent
    assert "30 new, 0 unchanged, 1 failed articles" in shown


def test_quiet_on_a_terminal_shows_only_errors(tmp_path):
    source = write_inputs(tmp_path)
    code, shown = run_on_terminal([str(source), "empty.txt", "--db", "p.db", "--quiet"], cwd=tmp_path)
    assert code == 1
    assert [line for line in shown.splitlines() if line.strip()] == ["error: empty.txt: empty file"]


def test_no_progress_bar_when_not_a_terminal(tmp_path):
    source = write_inputs(tmp_path)
    result = subprocess.run(COMMAND + [str(source), "--db", "p.db"], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0
    assert "ingesting" not in result.stderr and "\r" not in result.stderr
    assert "30 new, 0 unchanged, 0 failed articles" in result.stderr
