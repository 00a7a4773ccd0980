import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]


def readme_test_command():
    readme = (ROOT / "README.md").read_text()
    commands = re.findall(r"^    (python3 -m venv .*)$", readme, re.MULTILINE)
    assert len(commands) == 2, "README quick start must be exactly two commands"
    return commands


def test_ci_runs_readme_test_command():
    _, test_command = readme_test_command()
    tail = test_command.split("&& ", 2)[-1]  # after creating and activating the venv
    assert tail in (ROOT / ".ci" / "run").read_text()


def test_docs_are_cogged():
    files = [str(ROOT / "README.md")] + [str(p) for p in sorted((ROOT / "docs").glob("*.md"))]
    result = subprocess.run([sys.executable, "-m", "cogapp", "--check", *files], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
