"""QR codes on paper: each step's page of a handout made with --url carries its step's address as a QR code
at least 3 cm wide, which Debian's zbarimg reads back from pdftoppm's image of the page."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from story.cli import main as story_command
from tests.conftest import TEST_STORIES

STORY = TEST_STORIES / "checks.yaml"
BASE = "https://maps.example.org/qantar/?story=checks"
POINTS_PER_CM = 72 / 2.54


def decoded(pdf: Path, page: int, folder: Path) -> list[str]:
    """The QR codes zbarimg reads on one page of the PDF, rendered at 150 dpi by pdftoppm."""
    image = folder / f"page-{page}"
    subprocess.run(
        ["pdftoppm", "-r", "150", "-png", "-f", str(page), "-l", str(page), "-singlefile", str(pdf), str(image)],
        check=True,
    )
    result = subprocess.run(["zbarimg", "-q", "--raw", f"{image}.png"], capture_output=True, text=True)
    return [line for line in result.stdout.splitlines() if line]


@pytest.mark.parametrize("language", ["en", "ru"])
def test_each_steps_qr_code_reads_back_as_its_address(tmp_path: Path, capsys, language):
    assert shutil.which("zbarimg") and shutil.which("pdftoppm"), "make test installs zbar-tools and poppler-utils"
    output = tmp_path / "handout.pdf"
    assert story_command(["handout", str(STORY), "--url", BASE, "--lang", language, "-o", str(output)]) == 0
    reader = PdfReader(output)
    pages = [reader.get_destination_page_number(entry) + 1 for entry in reader.outline][:2]
    lang = "&lang=ru" if language == "ru" else ""
    for step_id, page in zip(["west", "east"], pages, strict=True):
        assert decoded(output, page, tmp_path) == [
            f"https://maps.example.org/qantar/?story=checks&step={step_id}{lang}"
        ]
        text = reader.pages[page - 1].extract_text()
        assert f"step={step_id}" in text.replace("\n", ""), "the address in text beside the code"
        # fpdf2 places each image with `w 0 0 h x y cm`: the square one is the code.
        sizes = re.findall(
            rb"([\d.]+) 0 0 ([\d.]+) [\d.-]+ [\d.-]+ cm /I\d+ Do", reader.pages[page - 1].get_contents().get_data()
        )
        squares = [float(w) for w, h in sizes if abs(float(w) - float(h)) < 0.01]
        assert squares and min(squares) >= 3 * POINTS_PER_CM


def test_a_bad_address_is_a_plain_error_and_no_address_says_why_there_is_no_code(tmp_path: Path, capsys):
    output = tmp_path / "handout.pdf"
    assert story_command(["handout", str(STORY), "--url", "ftp://maps.example.org/", "-o", str(output)]) == 2
    assert "--url must be an http:// or https:// address" in capsys.readouterr().err
    assert story_command(["handout", str(STORY), "--url", "https://maps.example.org/#top", "-o", str(output)]) == 2
    assert "must not have a #fragment" in capsys.readouterr().err
    assert not output.exists()
    assert story_command(["handout", str(STORY), "-o", str(output)]) == 0
    said = capsys.readouterr().out.splitlines()
    assert said[0] == "No QR codes: give the story's address (--url https://...) to print one on each step's page."
