"""Draw the project's own locator map, a picture for stories to show (no network).

    python -m geodata.locator [OUTPUT]

Kazakhstan among its neighbours, from the committed layers (Natural Earth, public domain;
geodata/SOURCES.md), drawn by matplotlib: the picture `story/template.yaml` and the flagship
show, made by the project and free to reuse (CC0). Run again after the geodata changes; the
picture is committed, so the app never draws it.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import geopandas
from matplotlib.figure import Figure
from PIL import Image

from geodata.catalog import GEODATA_DIR

OUTPUT = Path(__file__).resolve().parent.parent / "story" / "pictures" / "kazakhstan-locator.png"
# Latitudes shown (Afghanistan to the Urals), the longitude at the middle, and the stretch of a web
# map's projection at these latitudes: the longitudes shown follow from the picture's shape.
SOUTH, NORTH, MIDDLE, STRETCH = 31.0, 58.0, 67.0, 1.35
WIDTH_PX, HEIGHT_PX, DPI = 1200, 720, 150
LAND, WATER, BORDER, HIGHLIGHT, EDGE = "#f4f1ea", "#dce9f1", "#8c877d", "#f0b9ad", "#a3201a"


def draw(output: Path = OUTPUT, geodata: Path = GEODATA_DIR) -> Path:
    world = geopandas.read_file(geodata / "world.geojson")
    kazakhstan = geopandas.read_file(geodata / "kazakhstan.geojson")
    figure = Figure(figsize=(WIDTH_PX / DPI, HEIGHT_PX / DPI), dpi=DPI, facecolor=WATER)
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_facecolor(WATER)
    world.plot(ax=axes, color=LAND, edgecolor=BORDER, linewidth=0.5)
    kazakhstan.plot(ax=axes, color=HIGHLIGHT, edgecolor=EDGE, linewidth=1.2)
    south, north = SOUTH, NORTH
    half_width = STRETCH * (north - south) * WIDTH_PX / HEIGHT_PX / 2
    west, east = MIDDLE - half_width, MIDDLE + half_width
    for _, country in world.iterrows():
        point = (country["label_lon"], country["label_lat"])
        if country["id"] in {"KAZ", "RUS", "CHN", "UZB", "TKM", "KGZ", "TJK", "AFG", "IRN", "MNG"} and (
            west < point[0] < east and south < point[1] < north
        ):
            strong = country["id"] == "KAZ"
            axes.annotate(
                country["name"],
                point,
                ha="center",
                va="center",
                fontsize=11 if strong else 7.5,
                fontweight="bold" if strong else "normal",
                color="#3d0d0a" if strong else "#4a463f",
            )
    # Russia's and China's own label points lie outside the picture.
    for name, point in (("Russia", (58.0, 55.5)), ("China", (88.0, 41.0))):
        axes.annotate(name, point, ha="center", va="center", fontsize=7.5, color="#4a463f")
    axes.annotate("Caspian Sea", (51.3, 39.3), ha="center", fontsize=7, fontstyle="italic", color="#2f5d7c")
    axes.set_xlim(west, east)
    axes.set_ylim(south, north)
    # About the stretch of the web map's projection at these latitudes; the limits give way, not the frame.
    axes.set_aspect(STRETCH)
    axes.set_axis_off()
    buffer = io.BytesIO()
    figure.savefig(buffer, dpi=DPI, facecolor=WATER)
    # A few flat colours: a palette PNG is a third of the size, with nothing lost.
    with Image.open(buffer) as drawn:
        output.parent.mkdir(parents=True, exist_ok=True)
        drawn.convert("RGB").quantize(colors=64, method=Image.Quantize.MEDIANCUT).save(output, optimize=True)
    return output


if __name__ == "__main__":
    print(draw(Path(sys.argv[1]) if len(sys.argv) > 1 else OUTPUT))
