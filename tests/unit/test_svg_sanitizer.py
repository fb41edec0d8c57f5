"""H1 of the security review: an uploaded SVG ran script on the app's origin.

Each hostile drawing the review built is refused by the checker and the editor in plain words, and
whatever a host puts out is the drawing written again from an allow-list: a checker that misses
something new still publishes nothing that runs or fetches.
"""

from __future__ import annotations

import base64
import io
import shutil
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest

from story.editor.draft import load_draft, new_draft
from story.editor.folder import PictureError, add_picture, materialize, save_story, story_zip
from story.format import media as format_media
from story.format.loader import load_story
from story.format.media import LocalFile, check_file, svg_problem
from story.format.svg import SvgError, sanitize_svg, unescape_css
from story.outputs.media import inline, publish
from tests.conftest import TEST_STORIES

SVG = 'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
SHAPE = '<rect width="10" height="10" fill="#c9b458"/>'

# The review's bypasses, each as the review described it, with what must never come out of a host.
XSLT = (
    '<?xml version="1.0"?><?xml-stylesheet type="text/xsl" href="#"?>'
    f'<svg {SVG} xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xsl:version="1.0">{SHAPE}'
    '<xsl:element name="script">alert(document.domain)</xsl:element></svg>'
)
SET_HREF = (
    f'<svg {SVG}><a><set attributeName="xlink:href" to="javascript:alert(1)"/><text x="1" y="9">Click</text></a></svg>'
)
CSS_ESCAPE = f"<svg {SVG}><style>rect {{ fill:\\75rl(https://evil.example/x) }}</style>{SHAPE}</svg>"
CSS_ESCAPE_IN_ATTRIBUTE = f'<svg {SVG}><rect width="9" height="9" style="fill:\\75 rl(https://evil.example/x)"/></svg>'
PI_STYLESHEET = f'<?xml-stylesheet href="https://evil.example/x.css"?><svg {SVG}>{SHAPE}</svg>'
ANIMATE_ONLOAD = f'<svg {SVG}>{SHAPE}<animate attributeName="onload" values="alert(1)" dur="1s"/></svg>'
SET_ONCLICK = f'<svg {SVG}><rect width="9" height="9"><set attributeName="onclick" to="alert(1)"/></rect></svg>'
FOREIGN_OBJECT = (
    f'<svg {SVG}>{SHAPE}<foreignObject width="9" height="9">'
    '<body xmlns="http://www.w3.org/1999/xhtml"><img src="x" onerror="alert(1)"/></body></foreignObject></svg>'
)
EXTERNAL_HREF = f'<svg {SVG}>{SHAPE}<use xlink:href="https://evil.example/sprite.svg#a"/></svg>'
ENTITY = f'<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg {SVG}><text>&x;</text></svg>'

NEVER_OUT = ("<?", "script", "xsl", "javascript", "evil.example", "onload", "onclick", "onerror", "<set", "animate",
             "foreignObject", "\\75", "url(h")  # fmt: skip


def hostile_cases() -> list[tuple[str, str, str]]:
    return [
        ("xslt processing instruction", XSLT, "processing instruction"),
        ("set of xlink:href to javascript", SET_HREF, "changes href="),
        ("css escape in a style element", CSS_ESCAPE, "styles load something from outside"),
        ("css escape in a style attribute", CSS_ESCAPE_IN_ATTRIBUTE, "loads something from outside"),
        ("stylesheet from the web", PI_STYLESHEET, "processing instruction"),
        ("animate of onload", ANIMATE_ONLOAD, "changes onload="),
        ("set of onclick", SET_ONCLICK, "changes onclick="),
        ("foreignObject", FOREIGN_OBJECT, "foreignObject"),
        ("external href", EXTERNAL_HREF, "outside itself"),
    ]


@pytest.mark.parametrize(("case", "drawing", "said"), hostile_cases(), ids=[case[0] for case in hostile_cases()])
def test_h1_the_checker_refuses_each_bypass_of_the_review_in_plain_words(case: str, drawing: str, said: str):
    problem = svg_problem(drawing.encode())
    assert problem is not None and said in problem, (case, problem)


@pytest.mark.parametrize(("case", "drawing", "said"), hostile_cases(), ids=[case[0] for case in hostile_cases()])
def test_h1_what_a_host_puts_out_of_each_bypass_can_neither_run_nor_fetch(case: str, drawing: str, said: str):
    written = sanitize_svg(drawing.encode()).decode()
    for danger in NEVER_OUT:
        assert danger not in written, (case, danger, written)
    # What is left is still the drawing, and an SVG a browser reads as one.
    root = ElementTree.fromstring(written)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.find(".//{http://www.w3.org/2000/svg}rect") is not None or "Click" in written


def test_h1_a_doctype_or_entity_is_refused_by_the_checker_and_the_sanitizer():
    assert "DOCTYPE" in (svg_problem(ENTITY.encode()) or "")
    with pytest.raises(SvgError, match="DOCTYPE"):
        sanitize_svg(ENTITY.encode())
    # Without the text of the word DOCTYPE in capitals the parser still stops at the declaration.
    internal = f'<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">]><svg {SVG}><text>&a;&a;</text></svg>'
    with pytest.raises(SvgError, match="entities"):
        sanitize_svg(internal.encode())


def test_h1_css_escapes_are_read_as_a_browser_reads_them():
    assert unescape_css("\\75rl(") == "url("
    assert unescape_css("\\000075 rl(") == "url("
    assert unescape_css("u\\r\\l(") == "url("


def test_h1_a_drawing_with_nothing_safe_left_is_refused_and_a_broken_one_keeps_its_message():
    only_outside = f'<svg {SVG}><image href="https://evil.example/p.png" width="9" height="9"/></svg>'
    with pytest.raises(SvgError, match="nothing in the SVG can be drawn safely"):
        sanitize_svg(only_outside.encode())
    assert "cannot be read" in (svg_problem(b"<svg xmlns='http://www.w3.org/2000/svg'><rect></svg>") or "")
    with pytest.raises(SvgError, match="cannot be read"):
        sanitize_svg(b"<svg><rect></svg>")


def shapes(data: bytes) -> list[tuple[str, dict[str, str]]]:
    return [(element.tag, dict(element.attrib)) for element in ElementTree.fromstring(data).iter()]


OWN_DRAWINGS = [path for path in sorted(Path("tests").rglob("*.svg")) + sorted(Path("story").rglob("*.svg"))
                if "hostile" not in path.parts]  # fmt: skip


@pytest.mark.parametrize("path", OWN_DRAWINGS, ids=str)
def test_h1_the_repositorys_own_drawings_survive_with_their_shapes(path: Path):
    data = path.read_bytes()
    assert svg_problem(data) is None
    assert shapes(sanitize_svg(data)) == shapes(data)


def test_h1_a_real_drawing_keeps_gradients_text_and_internal_references():
    drawing = (
        f'<svg {SVG} xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" viewBox="0 0 100 50">'
        '<!-- made by hand --><defs><linearGradient id="sky"><stop offset="0" stop-color="#9cf"/></linearGradient>'
        '<path id="hill" d="M0 40 Q50 20 100 40"/></defs>'
        '<rect width="100" height="50" fill="url(#sky)" inkscape:label="sky"/>'
        '<use xlink:href="#hill" fill="#c9b458"/><text x="5" y="45" font-size="6">Qandy &amp; Qantar</text></svg>'
    )
    written = sanitize_svg(drawing.encode()).decode()
    assert 'fill="url(#sky)"' in written and 'xlink:href="#hill"' in written
    assert "Qandy &amp; Qantar</text>" in written and "<linearGradient" in written
    assert "inkscape" not in written and "<!--" not in written


def test_h1_an_uploaded_svg_is_kept_as_the_sanitizer_writes_it(tmp_path: Path):
    draft = new_draft()
    drawing = f'<svg {SVG} xmlns:sodipodi="http://x.example/sodipodi"><sodipodi:namedview/>{SHAPE}</svg>'
    name = add_picture(draft, "hills.svg", drawing.encode())
    assert draft.files[name] == sanitize_svg(drawing.encode())
    folder = materialize(draft, tmp_path)
    assert folder is not None and b"sodipodi" not in (folder / name).read_bytes()
    with pytest.raises(PictureError, match="processing instruction"):
        add_picture(draft, "xslt.svg", XSLT.encode())


@pytest.fixture
def story_with_a_drawing_the_checker_missed(catalog, tmp_path: Path, monkeypatch):
    """The media story, its drawing replaced by the review's XSLT file, with a checker that misses it."""
    folder = tmp_path / "story"
    shutil.copytree(TEST_STORIES / "pictures", folder / "pictures")
    shutil.copy(TEST_STORIES / "media.yaml", folder / "media.yaml")
    (folder / "pictures" / "steppe.svg").write_text(XSLT + SET_HREF.replace("<svg", "<!--").replace("</svg>", "-->"))
    monkeypatch.setattr(format_media, "svg_message", lambda data: None)
    assert isinstance(check_file(folder / "pictures" / "steppe.svg", "image"), LocalFile)
    return load_story(folder / "media.yaml", catalog), folder


def test_h1_the_app_publishes_and_the_export_inlines_only_the_sanitized_drawing(
    story_with_a_drawing_the_checker_missed, tmp_path: Path
):
    story, folder = story_with_a_drawing_the_checker_missed
    target = tmp_path / "published"
    published = publish(story, folder, target, "media/", online=False)
    shown = published.files["pictures/steppe.svg"]
    written = (target / shown.url.removeprefix("media/")).read_text()
    for danger in NEVER_OUT:
        assert danger not in written, danger
    assert "<rect" in written
    exported = inline(story, folder, online=False).files["pictures/steppe.svg"]
    inlined = base64.b64decode(exported.url.partition(",")[2]).decode()
    assert inlined == written


def test_h1_a_story_folders_drawing_is_saved_and_zipped_as_the_sanitizer_writes_it(tmp_path: Path):

    folder = tmp_path / "story"
    shutil.copytree(TEST_STORIES / "pictures", folder / "pictures")
    shutil.copy(TEST_STORIES / "media.yaml", folder / "media.yaml")
    drawing = f'<svg {SVG} xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"><!-- hi -->{SHAPE}</svg>'
    (folder / "pictures" / "steppe.svg").write_text(drawing)
    draft = load_draft((folder / "media.yaml").read_bytes(), "media.yaml")
    draft.base_dir = folder
    expected = sanitize_svg(drawing.encode())
    with zipfile.ZipFile(io.BytesIO(story_zip(draft))) as archive:
        assert archive.read("pictures/steppe.svg") == expected
    saved = save_story(tmp_path / "saved", draft)
    assert expected in [path.read_bytes() for path in (saved.parent / "media").glob("*.svg")]
