"""A draft's pictures: an upload is judged by its content and named by what it is; the story downloads as
a .zip of its folder that opens again and passes the checker; nothing is written outside a draft's folder."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from story.editor.draft import TEMPLATE, OpenError, add_item, new_draft, problems
from story.editor.folder import (
    PictureError,
    add_picture,
    local_files,
    local_references,
    materialize,
    open_folder_zip,
    story_zip,
)
from story.editor.opening import open_upload
from story.format.files import FLAGSHIP, STORY_DIR
from story.format.loader import load_story
from story.store.drafts import Bounds
from story.store.sqlite import SqliteDraftStore

PNG = (STORY_DIR / "pictures" / "kazakhstan-locator.png").read_bytes()


def a_picture_step(draft, name: str, alt: str = "A map of Kazakhstan") -> None:
    from ruamel.yaml.comments import CommentedMap

    index = draft.add_step(title="A picture")
    item = CommentedMap([("type", "image"), ("src", name), ("alt", alt), ("caption", "Where it is")])
    item.update({"credit": "The authors", "licence": "CC BY 4.0"})
    add_item(draft, ("steps", index, "media"), item)


def test_an_uploaded_picture_is_kept_in_the_draft_and_the_story_plays_with_it(catalog, tmp_path: Path):
    draft = new_draft()
    name = add_picture(draft, "Town photo.PNG", PNG)
    assert name == "pictures/town-photo.png"
    assert add_picture(draft, "town photo.png", PNG) == "pictures/town-photo-2.png", "a second one keeps the first"
    a_picture_step(draft, name)
    folder = materialize(draft, tmp_path)
    assert folder is not None and (folder / name).read_bytes() == PNG
    # The template's own pictures come with it, from the folder the draft was made from.
    assert (folder / "pictures" / "kazakhstan-locator.png").exists()
    story, found = problems(draft, catalog, folder)
    assert story is not None and found == [], found
    assert materialize(draft, tmp_path) == folder, "the same draft is the same folder, written once"


@pytest.mark.parametrize(
    ("filename", "data", "said"),
    [
        ("notes.png", b"These are my notes, not a picture.", "is not a PNG, JPEG, WebP or SVG picture"),
        ("map.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "map.svg"),
        ("huge.png", PNG[:16] + (30_000).to_bytes(4, "big") * 2 + PNG[24:], "million"),
        ("big.png", PNG + b"\0" * 2_000_000, "larger than 2 MB"),
    ],
)
def test_a_file_that_is_not_a_picture_a_story_may_show_is_refused_in_plain_words(filename, data, said):
    draft = new_draft()
    with pytest.raises(PictureError, match=said):
        add_picture(draft, filename, data)
    assert draft.files == {}


def test_a_picture_is_named_by_what_it_is_not_by_what_it_is_called():
    jpeg = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xc0\x00\x11\x08\x00\x10\x00\x20"
    assert (
        add_picture(new_draft(), "photo.png", jpeg + b"\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01")
        == "pictures/photo.jpg"
    )


def test_the_story_downloads_as_a_zip_of_its_folder_that_opens_again_and_passes_the_checker(catalog, tmp_path):
    draft = new_draft()
    name = add_picture(draft, "town.png", PNG)
    a_picture_step(draft, name)
    archive = story_zip(draft)
    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        assert sorted(opened.namelist()) == sorted(["my-story.yaml", *local_references(draft)])
        opened.extractall(tmp_path)
    assert load_story(tmp_path / "my-story.yaml", catalog).steps[-1].media[0].src == name
    from story.cli import main

    assert main(["check", str(tmp_path / "my-story.yaml")]) == 0
    again = open_upload("my-story.zip", archive)
    assert again.dump() == draft.dump() and again.files == local_files(draft)
    assert problems(again, catalog, materialize(again, tmp_path / "drafts"))[1] == []


def test_a_story_file_uploaded_alone_names_the_pictures_it_lacks_at_their_fields(catalog, tmp_path):
    draft = open_upload("my-story.yaml", TEMPLATE.read_bytes())
    assert materialize(draft, tmp_path) is None, "a file uploaded alone has no folder"
    story, found = problems(draft, catalog, None, files=True)
    assert story is not None, "it still plays, without them"
    assert found and all(problem.field.startswith("steps[") and ".media" in problem.field for problem in found)
    assert any("needs the story's folder" in problem.message for problem in found)


def zipped(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


STORY = FLAGSHIP.read_bytes()


@pytest.mark.parametrize(
    ("raw", "said"),
    [
        (b"PK\x03\x04 not really", "is not a .zip file that can be read"),
        (zipped({"pictures/a.png": PNG}), "holds no story file"),
        (zipped({"a.yaml": STORY, "b.yaml": STORY}), "several story files"),
        (zipped({"a.yaml": b"\0" * 5_000_000}), "larger than a story may hold"),
        (zipped({"a.yaml": b"title: [unclosed"}), "a.yaml"),
    ],
)
def test_a_bad_zip_is_refused_in_plain_words(raw, said):
    with pytest.raises(OpenError, match=said):
        open_folder_zip("folder.zip", raw)


def test_a_zip_bomb_is_stopped_as_it_unpacks():
    # 60 MB of zeros named as the template's picture: the story file is fine, the picture is too large.
    raw = zipped({"my-story.yaml": TEMPLATE.read_bytes(), "pictures/kazakhstan-locator.png": b"\0" * 60_000_000})
    assert len(raw) < 200_000
    with pytest.raises(OpenError, match="larger than a story may hold"):
        open_folder_zip("bomb.zip", raw)


def test_a_name_that_leads_out_of_the_folder_is_never_written(tmp_path: Path):
    draft = new_draft()
    draft.files["../../escaped.png"] = PNG
    draft.files["pictures/ok.png"] = PNG
    a_picture_step(draft, "../../escaped.png")
    folder = materialize(draft, tmp_path / "drafts")
    assert folder is not None and not list(tmp_path.rglob("escaped.png"))


def test_the_store_keeps_pictures_within_its_bytes_and_forgets_the_oldest_first():
    store = SqliteDraftStore(":memory:", bounds=Bounds(total_bytes=3 * len(PNG) + 100))
    for token in ("a", "b"):
        files = {"pictures/p.png": PNG, "pictures/q.png": PNG}
        assert store.put(token, b"", b"id: x", "x.yaml", True, files=files).kept
    assert store.get("a") is None and store.get("b") is not None
    assert store.get("b").files["pictures/p.png"] == PNG


def test_h2_the_zip_holds_only_the_story_and_the_media_that_pass_their_checks():
    # The review's download: picture fields naming the app's own code and settings, which exist
    # beside the story (the story's folder is the `story/` package).
    draft = new_draft()
    assert (STORY_DIR / "format" / "problems.py").is_file()
    for name in ("format/problems.py", "editor/folder.py", "qantar-2022.yaml", ".streamlit/secrets.toml"):
        a_picture_step(draft, name)
    picture = add_picture(draft, "town.png", PNG)
    a_picture_step(draft, picture)
    with zipfile.ZipFile(io.BytesIO(story_zip(draft))) as opened:
        names = set(opened.namelist())
    assert picture in names and "my-story.yaml" in names
    assert not names & {"format/problems.py", "editor/folder.py", "qantar-2022.yaml", ".streamlit/secrets.toml"}
    # Only files that are what their field asks for: the template's own pictures and the upload.
    assert all(name.startswith("pictures/") for name in names - {"my-story.yaml"}), names


PLANTED = "importers/storymapjs/__pycache__/convert.cpython-311.pyc"


def test_c1_a_zip_naming_code_as_a_picture_opens_without_it_and_the_checker_says_why(catalog, tmp_path: Path):
    draft = new_draft()
    a_picture_step(draft, PLANTED)
    a_picture_step(draft, "format/planted_module.py")
    pyc = b"\xa7\x0d\x0d\x0a" + b"\0" * 12 + b"code that must never run"
    raw = zipped({"lesson-plan.yaml": draft.dump(), PLANTED: pyc, "format/planted_module.py": b"print(1)"})
    opened = open_folder_zip("plant.zip", raw)
    assert opened.files == {}, "nothing of the archive but the story is kept"
    folder = materialize(opened, tmp_path / "drafts")
    assert not [path for path in tmp_path.rglob("*") if path.suffix in (".pyc", ".py")]
    _, found = problems(opened, catalog, folder, files=True)
    said = " ".join(problem.message for problem in found)
    assert "__pycache__" in said and "program's or a setting's file" in said


def test_m5_the_drafts_folders_stay_within_their_bytes_whatever_is_uploaded(tmp_path: Path):
    from story.editor import folder as folders

    root = tmp_path / "drafts"
    sizes = []
    for n in range(6):
        draft = new_draft()
        a_picture_step(draft, add_picture(draft, f"town-{n}.png", PNG + bytes([n])))
        written = materialize(draft, root)
        assert written is not None
        sizes.append(sum(path.stat().st_size for path in written.rglob("*") if path.is_file()))
        # Room for two drafts' folders: the third upload lets the oldest go.
        folders._forget_old(root, max_bytes=2 * max(sizes) + 1)
    kept = sum(path.stat().st_size for path in root.rglob("*") if path.is_file())
    assert kept <= 2 * max(sizes) + 1
    assert len(list(root.iterdir())) == 2, "only the newest two folders stay"
