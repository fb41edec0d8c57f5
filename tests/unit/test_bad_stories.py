"""The corpus of broken stories: every file is reported at the right line and column, quickly, without a traceback.

`tests/bad_stories/expected.yaml` says, for each file, where the checker must point and a fragment of what it
must say. Files the checker gets wrong today carry `known_bug` there and are strict xfails here.
"""

from __future__ import annotations

import html
import re
import subprocess
import sys
import time

import pytest
from ruamel.yaml import YAML

from story.cli import main
from tests.conftest import ROOT
from tests.support.app import run_app

CORPUS = ROOT / "tests" / "bad_stories"
EXPECTED: dict[str, dict[str, str]] = YAML(typ="safe", pure=True).load(CORPUS / "expected.yaml")
NOT_STORIES = {"expected.yaml", "README.md"}
# Run only in a subprocess with a time and memory limit: a regression must not take the test run down with it.
BOMBS = {"alias-bomb.yaml", "deep-nesting.yaml", "deep-nesting-blocks.yaml"}
KNOWN_BUGS = {name for name, entry in EXPECTED.items() if entry.get("known_bug")}
MEMORY_LIMIT = 2_000_000_000  # bytes of address space for the subprocess
PROBLEM_LINE = re.compile(r"^(?P<file>tests/bad_stories/[^:\s]+):(?P<line>\d+):(?P<column>\d+): (?P<rest>\S.*)$")


def corpus_files() -> list[str]:
    return sorted(path.name for path in CORPUS.iterdir() if path.name not in NOT_STORIES)


def case(name: str):
    bug = EXPECTED.get(name, {}).get("known_bug")
    marks = [pytest.mark.xfail(strict=True, reason=bug)] if bug else []
    return pytest.param(name, id=name, marks=marks)


def relative(name: str) -> str:
    return f"tests/bad_stories/{name}"


def assert_reported(name: str, output: str) -> None:
    """`output` of `story check` on `name` alone: well-formed lines, one of them the expected problem."""
    assert "Traceback" not in output, output
    lines = output.splitlines()
    assert lines, f"{name}: no output"
    for line in lines:
        match = PROBLEM_LINE.match(line)
        assert match, f"not a file:line:column: line: {line!r}"
        assert match["file"] == relative(name), line
        assert int(match["line"]) >= 1 and int(match["column"]) >= 1, line
    expected = EXPECTED[name]
    prefix = f"{relative(name)}:{expected['at']}: "
    assert any(line.startswith(prefix) and expected["says"] in line for line in lines), (
        f"expected a line starting {prefix!r} containing {expected['says']!r}; got:\n{output}"
    )


def run_check_subprocess(paths: list[str], timeout: float) -> tuple[int, str, float]:
    def limit_memory() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))

    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "story", "check", *paths],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=limit_memory,
        check=False,
    )
    return done.returncode, done.stdout + done.stderr, time.monotonic() - started


def test_the_corpus_has_a_file_for_every_expectation_and_at_least_30():
    assert set(corpus_files()) == set(EXPECTED)
    assert len(EXPECTED) >= 30


@pytest.mark.parametrize("name", [n for n in corpus_files() if n != "empty.yaml"])
def test_every_file_says_what_is_wrong_in_its_first_line(name):
    # The Latin-1 file is not UTF-8 on purpose; its first line is plain ASCII all the same.
    first_line = (CORPUS / name).read_bytes().removeprefix(b"\xef\xbb\xbf").split(b"\n", 1)[0]
    assert first_line.startswith(b"# ") and len(first_line) > 10


@pytest.mark.timeout(20)
@pytest.mark.parametrize("name", [case(n) for n in corpus_files() if n not in BOMBS])
def test_each_file_is_reported_at_its_line_and_column(name, capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    status = main(["check", relative(name)])
    captured = capsys.readouterr()
    assert status == 1
    assert_reported(name, captured.out + captured.err)


@pytest.mark.parametrize("name", [case(n) for n in sorted(BOMBS)])
def test_bombs_are_refused_at_once_in_bounded_memory(name):
    status, output, seconds = run_check_subprocess([relative(name)], timeout=20)
    assert status == 1
    assert_reported(name, output)
    assert seconds < 10


def test_the_whole_corpus_in_one_run_is_quick_and_names_every_file():
    names = [n for n in corpus_files() if n not in KNOWN_BUGS]
    status, output, seconds = run_check_subprocess([relative(n) for n in names], timeout=60)
    assert status == 1
    assert "Traceback" not in output, output
    for line in output.splitlines():
        assert PROBLEM_LINE.match(line), f"not a file:line:column: line: {line!r}"
    for name in names:
        assert_reported(name, "\n".join(line for line in output.splitlines() if line.startswith(relative(name) + ":")))
    assert seconds < 15, f"checking {len(names)} files took {seconds:.1f} s"


def test_a_5_mb_file_is_refused_at_once(tmp_path, capsys):
    # A real story repeated until it is 5 MB: refused for its size before any parsing.
    story = (ROOT / "tests" / "stories" / "three-steps.yaml").read_text(encoding="utf-8")
    steps = story.split("steps:\n", 1)[1]
    path = tmp_path / "five-mb.yaml"
    with path.open("w", encoding="utf-8") as out:
        out.write(story)
        while out.tell() < 5_000_000:
            out.write(steps)
    started = time.monotonic()
    status = main(["check", str(path)])
    seconds = time.monotonic() - started
    output = capsys.readouterr().out
    assert status == 1
    assert output.startswith(f"{path}:1:1: the file is 5.0 MB; a story file may be at most 1 MB"), output
    assert len(output.splitlines()) == 1
    assert seconds < 2


def test_a_byte_order_mark_does_not_move_the_problem(tmp_path, capsys):
    with_bom = (CORPUS / "bom-then-error.yaml").read_bytes()
    assert with_bom.startswith(b"\xef\xbb\xbf")
    without = tmp_path / "no-bom.yaml"
    without.write_bytes(with_bom.removeprefix(b"\xef\xbb\xbf"))
    main(["check", str(CORPUS / "bom-then-error.yaml"), str(without)])
    lines = capsys.readouterr().out.splitlines()
    locations = [line.split(":", 1)[1].split(": ", 1) for line in lines]
    assert len(lines) == 2 and locations[0] == locations[1], lines
    assert locations[0][0] == EXPECTED["bom-then-error.yaml"]["at"]


# A handful of the corpus in the app (AppTest is slower than the command line): one per family of mistakes.
APP_CASES = [
    "tabs-for-indentation.yaml",
    "not-utf8-latin1.yaml",
    "alias-bomb.yaml",
    "unknown-key-titel.yaml",
    "duplicate-step-ids.yaml",
]


@pytest.mark.slow
@pytest.mark.parametrize("name", APP_CASES)
def test_the_app_shows_a_friendly_error_panel(name):
    path = str(CORPUS / name)
    at = run_app(path)  # asserts that no exception was raised
    panels = [element.proto.body for element in at.html if 'class="sm-error"' in element.proto.body]
    assert len(panels) == 1, [element.proto.body[:200] for element in at.html]
    expected = EXPECTED[name]
    # The file's name and the place in it; never where the server keeps it (review L3).
    assert html.escape(f"{name}:{expected['at']}: ") in panels[0]
    assert str(CORPUS) not in panels[0]
    assert html.escape(expected["says"]) in panels[0]
    assert "Traceback" not in panels[0]
    assert not at.get("bidi_component"), "no step may be shown for a broken story"
    assert not at.error
