"""Pictures, videos and sounds: the format, the checks of files by content, the HTML, the copies a host makes.

The story is tests/stories/media.yaml (a picture, a picture on the web, a YouTube video, a local
video with captions, a sound, an SVG drawing) with its files in tests/stories/pictures/; the
hostile media are the last two steps of tests/stories/hostile.yaml.
"""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from story.cli import main as story_command
from story.format.loader import load_story, parse_story
from story.format.media import (
    LocalFile,
    Refused,
    RemoteVideo,
    check_file,
    image_size,
    resolve_src,
    sniff,
    svg_problem,
    video_embed,
)
from story.format.problems import StoryError
from story.outputs.export import export_html
from story.outputs.handout import handout_pdf
from story.outputs.media import inline, publish
from story.player import player_data
from story.reader.i18n import translator
from story.reader.media import MediaFiles, media_html
from story.reader.narrative import sections_html, step_sections
from tests.conftest import TEST_STORIES

STORY = TEST_STORIES / "media.yaml"
HOSTILE = TEST_STORIES / "hostile.yaml"
EN = translator("en")


@pytest.fixture(scope="module")
def story(catalog):
    return load_story(STORY, catalog)


def story_text(media: str, extra: str = "") -> bytes:
    return (
        "id: t\ntitle: T\nlanguage: en\n" + extra + "steps:\n  - id: a\n    title: A\n    date: 2022-01-02\n"
        "    body: B\n    view: {center: [45, 60], zoom: 3, alt: A map.}\n" + media
    ).encode()


def problem_of(media: str) -> str:
    with pytest.raises(StoryError) as caught:
        parse_story(story_text(media), "t.yaml")
    return str(caught.value)


# --- the format -------------------------------------------------------------------------------


def test_the_older_single_media_block_still_loads_as_one_item():
    story = parse_story(story_text("    media: {caption: A photo we cannot show., credit: Someone}\n"), "t.yaml")
    assert [(item.type, item.src, item.caption) for item in story.steps[0].media] == [
        ("image", None, "A photo we cannot show.")
    ]


def test_what_each_kind_of_item_needs_is_named_at_its_line():
    assert "t.yaml:11:9: steps[0].media[0]: a picture needs `alt`" in problem_of(
        "    media:\n      - {src: pictures/a.png, caption: C, credit: X, licence: Y}\n"
    )
    assert "needs `alt`" in problem_of("    media:\n      - {src: pictures/a.png, caption: C, credit: X, licence: Y}\n")
    no_licence = "    media:\n      - {src: pictures/a.png, alt: A, caption: C}\n"
    assert "needs `credit` and `licence`" in problem_of(no_licence)
    assert "needs a `transcript`" in problem_of(
        "    media:\n      - {type: video, src: v.webm, caption: C, credit: X, licence: Y}\n"
    )
    assert "give a sound a `transcript`" in problem_of(
        "    media:\n      - {type: audio, src: a.ogg, captions: a.vtt, transcript: T, caption: C, credit: X, "
        "licence: Y}\n"
    )
    # A picture on the web needs no licence field (its site says), but it needs its alt text.
    parse_story(story_text("    media:\n      - {src: 'https://example.org/a.jpg', alt: A, caption: C}\n"), "t.yaml")


def test_local_only_is_a_setting_of_the_story():
    story = parse_story(story_text("", "media: local-only\n"), "t.yaml")
    assert story.media == "local-only"
    with pytest.raises(StoryError) as caught:
        parse_story(story_text("", "media: never\n"), "t.yaml")
    assert "local-only" in str(caught.value)


# --- files judged by their content ------------------------------------------------------------


def picture_bytes(kind: str, size: tuple[int, int] = (64, 40)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "#a3201a").save(buffer, {"png": "PNG", "jpeg": "JPEG", "webp": "WEBP"}[kind])
    return buffer.getvalue()


@pytest.mark.parametrize("kind", ["png", "jpeg", "webp"])
def test_pictures_are_known_by_their_bytes_and_their_size_is_read_without_decoding(kind):
    data = picture_bytes(kind, (321, 123))
    assert sniff(data) == kind
    assert image_size(data, kind) == (321, 123)


def test_a_file_whose_name_lies_is_refused(tmp_path: Path):
    (tmp_path / "photo.png").write_bytes(picture_bytes("jpeg"))
    found = check_file(tmp_path / "photo.png", "image")
    assert isinstance(found, Refused) and "is a JPEG picture" in found.reason
    (tmp_path / "photo.jpg").write_bytes(picture_bytes("jpeg"))
    assert isinstance(check_file(tmp_path / "photo.jpg", "image"), LocalFile)
    (tmp_path / "clip.png").write_bytes(b"\x1a\x45\xdf\xa3" + bytes(60))  # a WebM video named as a picture
    found = check_file(tmp_path / "clip.png", "image")
    assert isinstance(found, Refused) and "a WebM video, not a PNG, JPEG, WebP or SVG picture" in found.reason


def test_a_50_mb_picture_is_refused_before_it_is_read(tmp_path: Path):
    big = tmp_path / "big.png"
    with big.open("wb") as out:
        out.write(picture_bytes("png"))
        out.truncate(50_000_000)  # sparse: the test writes nothing like 50 MB
    found = check_file(big, "image")
    assert isinstance(found, Refused) and "50.0 MB" in found.reason and "at most 2.0 MB" in found.reason


def test_svg_drawings_with_scripts_handlers_or_outside_references_are_refused():
    ok = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><use href="#a"/><rect id="a"/></svg>'
    assert svg_problem(ok) is None
    hostile = {
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>': "<script>",
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>': "onload=",
        b'<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:alert(1)"><text>x</text></a></svg>': "outside",
        b'<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><p>x</p></foreignObject></svg>': "foreignObject",
        b'<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(https://e.example/a.css)</style></svg>': "styles",
        b'<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill:url(https://evil.example/x)"/></svg>': "loads",
        b'<!DOCTYPE svg [<!ENTITY a "b">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>': "DOCTYPE",
    }
    for data, words in hostile.items():
        problem = svg_problem(data)
        assert problem is not None and words in problem, (data, problem)


def test_the_checker_refuses_each_hostile_item_at_its_line_and_the_story_still_loads(catalog, capsys):
    story = load_story(HOSTILE, catalog)  # it plays: the hosts leave the refused items out
    assert len(story.steps[2].media) == 9 and len(story.steps[3].media) == 5
    assert story_command(["check", str(HOSTILE)]) == 1
    out = capsys.readouterr().out
    expected = {
        "steps[2].media[0].src": "'..' leads out of it",
        "steps[2].media[1].src": "not an absolute path",
        "steps[2].media[2].src": "a link that leads out of the story's folder",
        "steps[2].media[3].src": "not-a-picture.png is not a PNG, JPEG, WebP or SVG picture",
        "steps[2].media[4].src": "jpeg-named-png.png is a JPEG picture: give it the name it is",
        "steps[2].media[5].src": "30,000 x 30,000 pixels",
        "steps[2].media[6].src": "<script> element",
        "steps[2].media[7].src": "event handler (onload=)",
        "steps[2].media[8].src": "refers to something outside itself",
        "steps[3].media[0].src": "a javascript: address is never shown",
        "steps[3].media[1].src": "a data: address is never shown",
        "steps[3].media[2].src": "needs an https:// address",
        "steps[3].media[3].src": "plays from YouTube or Vimeo only, not from evil.example",
        "steps[3].media[4].src": "a sound plays from a file beside the story only",
    }
    lines = HOSTILE.read_text(encoding="utf-8").splitlines()
    for field, reason in expected.items():
        found = re.search(rf"^{re.escape(str(HOSTILE))}:(\d+):(\d+): {re.escape(field)}: (.*)$", out, re.MULTILINE)
        assert found and reason in found.group(3), (field, out)
        line, column = int(found.group(1)), int(found.group(2))
        assert lines[line - 1][column - 1 :].startswith(("src:", "../", "/etc", "pictures/", '"', "{")) or (
            "src" in lines[line - 1]
        ), (field, lines[line - 1])


def test_a_story_read_from_bytes_cannot_show_files_of_its_own():
    found = resolve_src("pictures/locator.png", "image", None)
    assert isinstance(found, Refused) and "story's folder" in found.reason


def test_youtube_and_vimeo_addresses_play_in_their_privacy_enhanced_players():
    forms = [
        "https://www.youtube.com/watch?v=M7lc1UVf-VE&list=x",
        "https://youtu.be/M7lc1UVf-VE",
        "https://www.youtube.com/embed/M7lc1UVf-VE",
        "https://www.youtube-nocookie.com/embed/M7lc1UVf-VE",
    ]
    for url in forms:
        video = video_embed(url)
        assert isinstance(video, RemoteVideo) and video.embed_url.startswith(
            "https://www.youtube-nocookie.com/embed/M7lc1UVf-VE?"
        ), url
    vimeo = video_embed("https://vimeo.com/76979871")
    assert vimeo is not None and vimeo.embed_url.startswith("https://player.vimeo.com/video/76979871?")
    assert "dnt=1" in vimeo.embed_url
    for url in ("http://www.youtube.com/watch?v=M7lc1UVf-VE", "https://evil.example/watch?v=x", "https://youtube.com/"):
        assert video_embed(url) is None, url


# --- what the reader sees ---------------------------------------------------------------------


def test_a_local_picture_fits_the_pane_with_smaller_copies_and_its_credit(story, tmp_path: Path):
    media = publish(story, STORY.parent, tmp_path, "app/static/media/", online=True)
    html = media_html(story.steps[0].media, EN, media, "en")
    image = re.search(r"<img [^>]*>", html).group(0)
    assert 'alt="A map of Central Asia with Kazakhstan shaded in red."' in image
    assert 'width="1200" height="720"' in image and 'loading="lazy"' in image
    assert re.search(r'srcset="app/static/media/\w+-480w\.png 480w, app/static/media/\w+-960w\.png 960w, ', image)
    assert "Kazakhstan among its neighbours." in html and "(Picture: The Qantar project, CC0 1.0)" in html
    # The copies exist, are what they say, and are named by content (a second run writes nothing new).
    names = sorted(path.name for path in tmp_path.iterdir())
    assert len(names) == 3 + 1 + 1 + 1 + 1  # the picture and its two copies, the video, captions, sound, drawing
    for copy in tmp_path.glob("*-480w.png"):
        assert Image.open(copy).size == (480, 288)
    publish(story, STORY.parent, tmp_path, "app/static/media/", online=True)
    assert sorted(path.name for path in tmp_path.iterdir()) == names


def test_a_picture_on_the_web_carries_its_alt_text_and_is_not_asked_for_offline(story):
    online = media_html(story.steps[1].media, EN, MediaFiles(remote=True), "en")
    assert 'src="https://pictures.example.org/steppe.jpg"' in online and 'referrerpolicy="no-referrer"' in online
    assert '<p class="sm-media-fallback" hidden>Grass to the horizon under a pale sky.</p>' in online
    offline = media_html(story.steps[1].media, EN, MediaFiles(remote=False), "en")
    assert "<img" not in offline and "Picture not shown offline" in offline
    assert "Grass to the horizon under a pale sky." in offline and "The steppe in winter." in offline


def test_a_video_requests_nothing_until_the_reader_presses_play(story, tmp_path: Path):
    media = publish(story, STORY.parent, tmp_path, "media/", online=True)
    html = media_html(story.steps[2].media, EN, media, "en")
    outside_templates = re.sub(r"<template>.*?</template>", "", html, flags=re.DOTALL)
    assert not [src for src in re.findall(r'src="([^"]*)"', outside_templates) if "youtube" in src]
    assert "<iframe" not in outside_templates and "<video" not in outside_templates
    assert 'src="https://www.youtube-nocookie.com/embed/M7lc1UVf-VE?' in html  # inside the template
    assert 'href="https://www.youtube.com/watch?v=M7lc1UVf-VE"' in html  # a link to watch it there
    assert "Nothing is loaded from YouTube until you press play." in html
    assert re.search(r'<track kind="captions" src="media/\w+\.vtt" srclang="en" label="Captions" default>', html)
    assert html.count("data-sm-play") == 2 and html.count('class="sm-transcript"') == 2
    offline = media_html(story.steps[2].media, EN, MediaFiles(media.files, remote=False), "en")
    assert "youtube-nocookie" not in offline and "Video not shown offline" in offline
    assert "A presenter speaks about the video player." in offline


def test_local_only_stories_and_tiles_none_never_ask_the_web(story, catalog):
    local_only = story.model_copy(update={"media": "local-only"})
    for shown, tiles in ((local_only, {"url": "https://tiles.example/{z}/{x}/{y}.png"}), (story, None)):
        media = inline(shown, STORY.parent, online=tiles is not None)
        assert media.remote is False
        html = "".join(sections_html(step_sections(shown, i, catalog, EN, media=media)) for i in range(4))
        assert 'pictures.example.org/steppe.jpg"' not in html.replace('href="https://pictures', "")
        assert '<img src="https://' not in html and "youtube-nocookie" not in html


def test_the_export_is_one_file_with_its_pictures_inside(story, catalog):
    html = export_html(story, catalog, EN, None, story_dir=STORY.parent)
    assert "pictures/locator.png" not in html and "pictures/tone.ogg" not in html
    assert html.count("data:image/png;base64,") >= 2  # the picture, the video's poster
    assert "data:audio/ogg;base64," in html and "data:text/vtt;base64," in html
    # Inlined once, at the pane's width (smaller than the 1200-pixel original).
    assert 'width=\\"960\\" height=\\"576\\"' in html or 'width="960" height="576"' in html


def test_the_handout_prints_the_picture_and_the_figure_on_their_step(story, catalog, tmp_path: Path):
    pdf = PdfReader(io.BytesIO(handout_pdf(story, catalog, EN, story_dir=STORY.parent)))
    page = next(page for page in pdf.pages if "A picture beside the story" in page.extract_text())
    text = page.extract_text()
    assert "Kazakhstan among its neighbours." in text and "The Qantar project, CC0 1.0" in text
    assert "Two numbers" in text  # the figure's title, above its drawing and its table
    images = list(page.images)
    assert len(images) >= 2  # the step's map and the picture (the figure is drawn as vector paths)
    sizes = sorted(Image.open(io.BytesIO(image.data)).size for image in images)
    assert (960, 576) in sizes
    videos = next(page for page in pdf.pages if "Two videos" in page.extract_text()).extract_text()
    assert "https://www.youtube.com/watch?v=M7lc1UVf-VE" in videos and "Transcript" in videos
    assert "There is no sound." in videos


def test_a_hostile_step_plays_without_its_media_and_says_why_nothing_is_shown(catalog, tmp_path: Path):
    hostile = load_story(HOSTILE, catalog)
    media = publish(hostile, HOSTILE.parent, tmp_path, "media/", online=True)
    assert media.files == {}
    assert not tmp_path.exists() or not any(tmp_path.iterdir())
    for index in (2, 3):
        html = sections_html(step_sections(hostile, index, catalog, EN, media=media))
        assert "<img" not in html and "<iframe" not in html and "<video" not in html and "<audio" not in html
        assert "javascript:" not in html.lower().replace("a javascript address", "")
        assert "evil.example" not in html
        assert html.count("not shown") >= len(hostile.steps[index].media)


def test_the_player_data_carries_the_pictures_as_the_host_serves_them(story, catalog, tmp_path: Path):
    media = publish(story, STORY.parent, tmp_path, "app/static/media/", online=True)
    data = player_data(story, catalog, EN, None, media=media)
    assert re.search(r'<img src="app/static/media/\w+\.png"', data["steps"][0]["html"])


def test_a_translation_translates_captions_alt_text_and_transcripts(catalog, tmp_path: Path):
    shutil.copytree(TEST_STORIES / "pictures", tmp_path / "pictures")
    shutil.copy(STORY, tmp_path / "media.yaml")
    (tmp_path / "media.ru.yaml").write_text(
        "translation_of: media.yaml\nlanguage: ru\ntitle: Медиа\nsteps:\n"
        "  - id: picture\n    media: [{caption: Казахстан и соседи., alt: Карта Центральной Азии.}]\n"
        "  - id: remote\n  - id: videos\n  - id: sound\n",
        encoding="utf-8",
    )
    assert story_command(["check", str(tmp_path / "media.ru.yaml")]) == 0
    from story.format.translation import load_translation

    translated = load_translation(load_story(tmp_path / "media.yaml", catalog), tmp_path / "media.ru.yaml")
    item = translated.story.steps[0].media[0]
    assert (item.caption, item.alt) == ("Казахстан и соседи.", "Карта Центральной Азии.")
    assert item.src == "pictures/locator.png"  # the file is the original's
    assert "steps[2].media[0].transcript" in translated.untranslated
