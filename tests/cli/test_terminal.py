"""Text from input never drives the terminal (issue 16): control characters are printed escaped.

ESC, BEL, a one-character CSI (U+009B), carriage returns and the bidirectional controls that
come from data, file names or arguments are printed as ``\\uXXXX`` by every command, on
standard output (CSV, JSON lines, summaries) and standard error (messages, log lines).
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bordermap.cli import main

ROOT = Path(__file__).resolve().parents[2]
TITLE = "\x1b]0;pwned\x07Clashes \x9b31m\u202eat Sotk\r"
#: What a terminal would obey: C0 but the line feed, DEL, C1, the bidi controls.
CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _clean(text: str) -> None:
    found = CONTROL.findall(text)
    assert not found, f"control characters printed: {found!r} in {text[:300]!r}"


@pytest.fixture
def hostile_story(seeds_copy: Path) -> Path:
    meta = seeds_copy / "000_1ae35c016cd00801.meta.json"
    sidecar = json.loads(meta.read_text(encoding="utf-8"))
    sidecar["title"] = TITLE
    meta.write_text(json.dumps(sidecar), encoding="utf-8")
    return seeds_copy / "000_1ae35c016cd00801.txt"


def test_terminal_text_escapes_every_control():
    from bordermap.terminal import terminal_text

    assert terminal_text("a\x1b[2Jb\x07\x9b\u202e\r\t\ud800") == (
        "a\\u001b[2Jb\\u0007\\u009b\\u202e\\u000d\\u0009\\ud800"
    )
    assert terminal_text("one\ntwo", multiline=True) == "one\ntwo"
    assert terminal_text("one\ntwo") == "one\\u000atwo"
    assert terminal_text("Laçın, Xankəndi") == "Laçın, Xankəndi"


def test_draft_to_standard_output_escapes_controls(hostile_story, capsys):
    assert main(["draft", str(hostile_story)]) == 0
    out = capsys.readouterr().out
    _clean(out)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows and all("\\u001b]0;pwned\\u0007Clashes" in r["source"] for r in rows)


def test_draft_file_keeps_every_character(hostile_story, tmp_path):
    assert main(["draft", str(hostile_story), "--output", str(tmp_path / "d.csv")]) == 0
    with (tmp_path / "d.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert rows and all(TITLE in r["source"] for r in rows)


def test_geocode_json_lines_escape_controls(capsys):
    assert main(["geocode", "Sotk\x9b31m", "\x1b]0;x\x07Jermuk"]) == 0
    out = capsys.readouterr().out
    _clean(out)
    queries = [json.loads(line)["query"] for line in out.splitlines()]
    assert queries == ["Sotk\u009b31m", "\u001b]0;x\u0007Jermuk"]  # valid JSON, same text


def test_messages_naming_files_escape_controls(tmp_path, capsys):
    name = tmp_path / "\x1b]0;pwned\x07story.txt"
    assert main(["geoparse", str(name)]) == 1
    err = capsys.readouterr().err
    _clean(err)
    assert "\\u001b]0;pwned\\u0007story.txt" in err


def test_import_summary_escapes_file_names(tmp_path, capsys):
    source = tmp_path / "acled\x1b[2J\x07.csv"
    source.write_bytes((ROOT / "tests" / "data" / "acled_2023.csv").read_bytes())
    assert main(["import", str(source), "--output", str(tmp_path / "out")]) == 0
    captured = capsys.readouterr()
    _clean(captured.out + captured.err)
    assert "acled\\u001b[2J\\u0007.csv" in captured.out


def test_usage_errors_escape_arguments(capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["build", "\x1b[31mred"])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    _clean(err)
    assert "\\u001b[31mred" in err


def test_a_real_terminal_sees_no_control_bytes(hostile_story, tmp_path):
    """The whole process: standard output, messages and log lines (warnings of the reader)."""
    bad = tmp_path / "\x1b]0;x\x07incidents"
    bad.mkdir()
    (bad / "incidents.csv").write_text("event_id_cnty\n\x1b]0;y\x07\n", encoding="utf-8")
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    runs = [
        [sys.executable, "-m", "bordermap.cli", "draft", str(hostile_story)],
        [sys.executable, "-m", "bordermap.cli", "-v", "build", "--input", str(bad),
         "--output", str(tmp_path / "out")],
    ]  # fmt: skip
    for command in runs:
        done = subprocess.run(command, capture_output=True, env=env, timeout=300)
        for stream in (done.stdout, done.stderr):
            text = stream.decode("utf-8")
            _clean(text)
        assert b"\\u001b]0;" in done.stdout + done.stderr


def test_a_closed_pipe_is_quiet(seeds_dir, tmp_path):
    story = (seeds_dir / "000_1ae35c016cd00801.txt").read_text(encoding="utf-8")
    long = tmp_path / "long.txt"
    long.write_text(story * 100, encoding="utf-8")
    reader = subprocess.Popen(["head", "-c", "10"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    done = subprocess.run(
        [sys.executable, "-m", "bordermap.cli", "geoparse", str(long)],
        stdout=reader.stdin,
        stderr=subprocess.PIPE,
        timeout=300,
    )
    reader.stdin.close()
    reader.wait()
    assert done.returncode == 141
    assert done.stderr == b""  # no BrokenPipeError traceback, no "Exception ignored"
