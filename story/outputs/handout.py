"""A printable handout: one section per step, with a map of the step drawn from our own geodata.

fpdf2 writes the PDF: it is pure Python (nothing to install beside pip), well
kept, embeds TrueType fonts (DejaVu, shipped with matplotlib, covers Latin,
Cyrillic and Kazakh letters), knows A4 and US Letter, and lays out the simple
HTML our Markdown renderer produces. The maps are drawn by geopandas and
matplotlib from the committed GeoJSON, so no tiles and no network are needed.
"""

from __future__ import annotations

import io
import math
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Literal

import geopandas
import matplotlib
from fpdf import FPDF
from fpdf.enums import XPos, YPos

# The object-oriented Figure needs no display and no global pyplot state, which
# matters when several viewers ask for a handout at once.
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from geodata.catalog import ATTRIBUTIONS, GEODATA_DIR, LayerCatalog
from story.format.dates import parse_story_date
from story.format.media import LocalFile, RemoteVideo, resolve_src
from story.format.model import Check, ChoiceCheck, DayCheck, Media, OrderCheck, Place, Step, Story, is_remote
from story.format.model import Figure as StepFigure
from story.map.placement import Box, Label, Obstacle, marker_box, place_labels
from story.map.state import BASEMAP_LAYER, step_view, story_places
from story.outputs.media import EXPORT_WIDTH, local_files, shown_bytes, smaller_copy
from story.reader import narrative
from story.reader.dates import format_story_date
from story.reader.figure import figure_svg, table_header, table_rows
from story.reader.i18n import Translator
from story.reader.media import kind_word
from story.reader.qr import qr_png
from story.reader.sharing import printed_step_link
from story.reader.text import render_markdown
from story.reader.time_checks import day_words, shown_order

Paper = Literal["a4", "letter"]
FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
MAP_ASPECT = 0.55  # height / width of each step's map
HIGHLIGHT = "#a3201a"
HIGHLIGHT_FILL = "#f0b9ad"
CONTEXT = "#5f5a52"
ROUTE = "#1d4f91"
LAND = "#f4f1ea"
WATER = "#dce9f1"
PLACE_SIZE = 7  # a step's place's marker, in points across
OTHER_PLACE_SIZE = 3
NAME_SIZE = 8  # a place's name, in points
NAME_PAD = 0.2  # the white box around a name, in its font's size
# The line from a marker to its name, when the name had to stand away from it.
LEADER = {"arrowstyle": "-", "color": "#1a1a1a", "linewidth": 0.6, "shrinkA": 0, "shrinkB": PLACE_SIZE / 2}


@lru_cache(maxsize=16)
def _layer_frame(layer_id: str, directory: Path = GEODATA_DIR) -> geopandas.GeoDataFrame:
    return geopandas.read_file(directory / f"{layer_id}.geojson")


def _plot(frame: geopandas.GeoDataFrame, axes: object, **style: object) -> None:
    # geopandas warns on an empty frame (a layer highlighted as a whole has no context part).
    if not frame.empty:
        frame.plot(ax=axes, **style)


def view_extent(story: Story, step: Step, catalog: LayerCatalog) -> tuple[float, float, float, float]:
    """West, east, south, north of the step's view, shaped like the printed map."""
    view = step_view(story, step, catalog)
    if "bounds" in view:
        (south, west), (north, east) = view["bounds"]
        pad_lon = max((east - west) * 0.12, 1.0)
        pad_lat = max((north - south) * 0.12, 0.6)
        west, east, south, north = west - pad_lon, east + pad_lon, south - pad_lat, north + pad_lat
        max_zoom = view.get("maxZoom", 9)
        min_lon_span = 360 / 2 ** (max_zoom - 1.5)
        center_lon, center_lat = (west + east) / 2, (south + north) / 2
        if east - west < min_lon_span:
            west, east = center_lon - min_lon_span / 2, center_lon + min_lon_span / 2
    else:
        center_lat, center_lon = view["center"]
        # A screen map about 900 px wide at this zoom spans this many degrees.
        lon_span = 360 * 900 / (256 * 2 ** view["zoom"])
        west, east = center_lon - lon_span / 2, center_lon + lon_span / 2
        south = north = center_lat
    center_lat = (south + north) / 2
    width = (east - west) * math.cos(math.radians(center_lat))
    height = max(north - south, width * MAP_ASPECT)
    if height > north - south:
        south, north = center_lat - height / 2, center_lat + height / 2
    else:
        grow = (height / MAP_ASPECT) / math.cos(math.radians(center_lat))
        center_lon = (west + east) / 2
        west, east = center_lon - grow / 2, center_lon + grow / 2
    return west, east, max(south, -85.0), min(north, 85.0)


def step_map_figure(story: Story, step: Step, catalog: LayerCatalog, dpi: int = 150) -> Figure:
    """The step's map: land, the step's layers by role, its places named without overlap."""
    west, east, south, north = view_extent(story, step, catalog)
    figure = Figure(figsize=(7.0, 7.0 * MAP_ASPECT), dpi=dpi)
    FigureCanvasAgg(figure)  # the renderer that measures the names
    axes = figure.subplots()
    axes.set_facecolor(WATER)
    if BASEMAP_LAYER in catalog.layers:
        _layer_frame(BASEMAP_LAYER).plot(ax=axes, color=LAND, edgecolor="#a7a39b", linewidth=0.4)
    for ref in step.layers:
        if ref.id not in catalog.layers:
            continue
        frame = _layer_frame(ref.id)
        strong = frame["id"].isin(ref.highlight) | (ref.role == "highlight")
        kind = catalog.layers[ref.id].geometry_type
        if kind == "line":
            _plot(frame, axes, color=ROUTE, linewidth=1.6, linestyle=(0, (4, 3)))
        elif kind == "point":
            _plot(frame[~strong], axes, color=CONTEXT, markersize=12)
            _plot(frame[strong], axes, color=HIGHLIGHT, markersize=16)
        else:
            _plot(frame[~strong], axes, facecolor="none", edgecolor=CONTEXT, linewidth=0.7)
            _plot(frame[strong], axes, facecolor=HIGHLIGHT_FILL, edgecolor=HIGHLIGHT, linewidth=1.4)
    current = {place.key for place in step.places}
    others = [place for place in story_places(story) if place.key not in current]
    for place in others:
        axes.plot(place.lon, place.lat, "o", color="#6d6860", markersize=OTHER_PLACE_SIZE, zorder=5)
    for place in step.places:
        axes.plot(place.lon, place.lat, "o", color=HIGHLIGHT, markeredgecolor="white", markersize=PLACE_SIZE, zorder=6)
    axes.set_xlim(west, east)
    axes.set_ylim(south, north)
    axes.set_aspect(1 / math.cos(math.radians((south + north) / 2)))
    axes.set_xlabel("")
    axes.set_ylabel("")
    axes.set_xticks([])
    axes.set_yticks([])
    figure.tight_layout(pad=0.2)
    _name_places(figure, axes, step.places, others)
    return figure


def _name_places(figure: Figure, axes: Axes, places: list[Place], others: list[Place]) -> None:
    """The step's places named beside their markers, by the browser's rule (story/map/placement.py):
    no name over another or over a marker; a name that had to move away is tied to its marker."""
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]  # the Agg canvas has one
    axes.apply_aspect()
    height = figure.bbox.height
    pixels = figure.dpi / 72  # per point
    frame = axes.bbox
    view = Box(frame.x0, height - frame.y1, frame.width, frame.height)

    def anchor(place: Place) -> tuple[float, float]:
        x, y = axes.transData.transform((place.lon, place.lat))
        return float(x), float(height - y)

    radius = PLACE_SIZE / 2 * pixels
    obstacles = [Obstacle(marker_box(*anchor(place), radius), rank=0) for place in places]
    obstacles += [Obstacle(marker_box(*anchor(place), OTHER_PLACE_SIZE / 2 * pixels), rank=1) for place in others]
    pad = NAME_PAD * NAME_SIZE * pixels
    labels = []
    for place in places:
        probe = axes.text(0, 0, place.name, fontsize=NAME_SIZE, fontweight="bold")
        extent = probe.get_window_extent(renderer)
        probe.remove()
        x, y = anchor(place)
        labels.append(Label(place.key, x, y, extent.width + 2 * pad, extent.height + 2 * pad, radius + 2 * pixels))
    by_key = {place.key: place for place in places}
    for placed in place_labels(labels, obstacles, view):
        place = by_key[placed.key]
        x, y = anchor(place)
        box = placed.box
        # The text's lower-left corner, from the anchor, in points (matplotlib's y grows upwards).
        offset = ((box.x + pad - x) / pixels, (y - (box.y + box.h - pad)) / pixels)
        axes.annotate(
            place.name,
            (place.lon, place.lat),
            xytext=offset,
            textcoords="offset points",
            ha="left",
            va="bottom",
            fontsize=NAME_SIZE,
            fontweight="bold",
            zorder=7,
            bbox={"boxstyle": f"square,pad={NAME_PAD}", "facecolor": "white", "edgecolor": "none", "alpha": 0.85},
            arrowprops=LEADER if placed.reach > 1 else None,
        )


def step_map_png(story: Story, step: Step, catalog: LayerCatalog, dpi: int = 150) -> bytes:
    """The step's map as a PNG (step_map_figure)."""
    buffer = io.BytesIO()
    step_map_figure(story, step, catalog, dpi).savefig(buffer, format="png")
    return buffer.getvalue()


class _Handout(FPDF):
    def __init__(self, paper: Paper, footer_text: str) -> None:
        super().__init__(format="A4" if paper == "a4" else "Letter")
        self.footer_text = footer_text
        for style, name in (("", "DejaVuSans"), ("B", "DejaVuSans-Bold"), ("I", "DejaVuSans-Oblique"),
                            ("BI", "DejaVuSans-BoldOblique")):  # fmt: skip
            self.add_font("DejaVu", style, str(FONT_DIR / f"{name}.ttf"))
        self.set_auto_page_break(True, margin=18)
        self.set_margins(18, 16, 18)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("DejaVu", "", 8)
        self.set_text_color(90, 90, 90)
        self.cell(0, 6, f"{self.footer_text} · {self.page_no()}", align="C")


def _html(pdf: FPDF, html: str) -> None:
    pdf.write_html(html, font_family="DejaVu", tag_styles=None)


def handout_pdf(
    story: Story,
    catalog: LayerCatalog,
    tr: Translator,
    paper: Paper = "a4",
    made_on: date | None = None,
    untranslated: frozenset[str] = frozenset(),
    story_dir: Path | None = None,
    speaker_notes: bool = False,
    base_url: str | None = None,
) -> bytes:
    """The handout as PDF bytes, with the pictures beside the story in `story_dir` printed on their steps."""
    files = local_files(story, story_dir)[0]
    language = tr.language
    pdf = _Handout(paper, story.title)
    pdf.set_title(story.title)
    pdf.set_lang(language)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 22)
    pdf.multi_cell(0, 10, story.title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if story.subtitle:
        pdf.set_font("DejaVu", "", 13)
        pdf.multi_cell(0, 7, story.subtitle, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)
    pdf.set_font("DejaVu", "", 10)
    if story.source:
        _html(pdf, narrative.print_html(narrative.article_credit_html(story.source, tr, language)))
    pdf.multi_cell(
        0,
        5,
        tr.gettext("{count} steps. Handout made on {date}.").format(
            count=len(story.steps),
            date=format_story_date(parse_story_date((made_on or date.today()).isoformat()), language),
        ),
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    for index, step in enumerate(story.steps):
        _step_section(pdf, story, index, step, catalog, tr, untranslated, files, base_url)
        if speaker_notes and step.speaker_notes:
            # A presenter's handout: the notes after the step, marked as the presenter's own.
            pdf.set_font("DejaVu", "B", 10)
            pdf.set_text_color(122, 23, 17)
            pdf.cell(0, 6, tr.gettext("Speaker notes"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.set_text_color(0, 0, 0)
            pdf.set_font("DejaVu", "", 10)
            _html(pdf, render_markdown(step.speaker_notes))
    if story.glossary:
        pdf.add_page()
        pdf.set_font("DejaVu", "B", 14)
        pdf.start_section(tr.gettext("Glossary"), level=0)
        pdf.cell(0, 8, tr.gettext("Glossary"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_font("DejaVu", "", 10)
        _html(pdf, narrative.glossary_html(story.glossary, tr, heading=False))
    if any(step.check for step in story.steps):
        _answers(pdf, story, catalog, tr)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 14)
    pdf.cell(0, 8, tr.gettext("Credits and sources of data"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("DejaVu", "", 9)
    # The printed maps are drawn by matplotlib, not Leaflet: only the data is credited.
    _html(pdf, narrative.print_html(narrative.credits_html(story, tr, language, list(ATTRIBUTIONS))))
    return bytes(pdf.output())


# The handout's fonts for the sections of a step: the same sections, in the same order,
# as the player shows (story.reader.narrative.step_sections).
_SECTION_FONTS: dict[str, tuple[str, float]] = {
    "body": ("", 10.5),
    "quote": ("I", 10),
}


def _step_section(
    pdf: FPDF,
    story: Story,
    index: int,
    step: Step,
    catalog: LayerCatalog,
    tr: Translator,
    untranslated: frozenset[str],
    files: dict[str, LocalFile],
    base_url: str | None = None,
) -> None:
    language = tr.language
    pdf.add_page()
    pdf.set_font("DejaVu", "", 9)
    pdf.set_text_color(90, 74, 0)
    pdf.cell(
        0,
        5,
        f"{narrative.step_counter(index, len(story.steps), tr)} · {narrative.step_date(step, language)}",
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    pdf.set_text_color(0, 0, 0)
    pdf.set_font("DejaVu", "B", 16)
    pdf.start_section(step.title, level=0)
    pdf.multi_cell(0, 8, step.title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1)
    width = pdf.epw
    pdf.image(io.BytesIO(step_map_png(story, step, catalog)), w=width, h=width * MAP_ASPECT, alt_text=step.view.alt)
    pdf.set_font("DejaVu", "I", 8)
    pdf.set_text_color(70, 70, 70)
    map_label = tr.gettext("Map")
    pdf.multi_cell(0, 4, f"{map_label}: {step.view.alt}", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(0, 0, 0)
    pdf.ln(2)
    if base_url:
        _step_qr(pdf, printed_step_link(base_url, step.id, language), tr)
    for section in narrative.step_sections(story, index, catalog, tr, untranslated):
        if section.kind in ("date", "title"):
            continue  # printed above, with the step's number, beside the map
        if section.kind == "discussion":
            pdf.set_font("DejaVu", "B", 10)
            pdf.cell(0, 6, tr.gettext("For discussion"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.set_font("DejaVu", "", 10)
            _html(pdf, narrative.discussion_html(step.discussion))
            continue
        if section.kind == "figure" and step.figure is not None:
            _figure(pdf, step.figure, tr)
            continue
        if section.kind == "media":
            for item in step.media:
                _media(pdf, item, files, tr)
            continue
        if section.kind == "check":
            _checks(pdf, step, tr)
            continue
        style, size = _SECTION_FONTS.get(section.kind, ("", 9.5))
        pdf.set_font("DejaVu", style, size)
        _html(pdf, narrative.print_html(section.html))


def _check_lines(step: Step, tr: Translator) -> list[tuple[str, list[str], str]]:
    """Each check as printed for the class: its question, the lines under it (a multiple choice's choices,
    an order question's events with a box to number) and how to answer on paper."""
    lines = []
    for number, check in enumerate(step.check, start=1):
        question = f"{number}. {check.question}"
        if isinstance(check, ChoiceCheck):
            lines.append((question, [f"{chr(ord('a') + i)}) {choice}" for i, choice in enumerate(check.choices)], ""))
        elif isinstance(check, OrderCheck):
            events = [f"[    ]  {check.order[item]}" for item in shown_order(step, number - 1, len(check.order))]
            lines.append((question, events, tr.gettext("Number the events from 1, the first.")))
        elif isinstance(check, DayCheck) and step.time is not None:
            how = tr.gettext("Write the day (from {first} to {last}): ____________").format(
                first=day_words(step.time.from_.isoformat(), tr.language),
                last=day_words(step.time.to.isoformat(), tr.language),
            )
            lines.append((question, [], how))
        else:
            lines.append((question, [], tr.gettext("Mark it on the map above.")))
    return lines


def _checks(pdf: FPDF, step: Step, tr: Translator) -> None:
    """The step's checks on its page, without their answers (they are on the teacher's last page)."""
    pdf.set_font("DejaVu", "B", 10)
    pdf.cell(0, 6, tr.gettext("Check yourself"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    for question, items, how in _check_lines(step, tr):
        pdf.set_font("DejaVu", "", 10)
        pdf.multi_cell(0, 5, question, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        for item in items:
            pdf.set_x(pdf.l_margin + 6)
            pdf.multi_cell(0, 5, item, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if how:
            pdf.set_font("DejaVu", "I", 9)
            pdf.multi_cell(0, 5, how, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1)


def _answer(check: Check, step: Step, catalog: LayerCatalog, tr: Translator) -> str:
    """A check's right answer in words, for the teacher's page."""
    if isinstance(check, ChoiceCheck):
        return f"{chr(ord('a') + check.choices.index(check.answer))}) {check.answer}"
    if isinstance(check, OrderCheck):
        return "; ".join(f"{place}) {event}" for place, event in enumerate(check.order, start=1))
    if isinstance(check, DayCheck):
        day = day_words(check.day.isoformat(), tr.language)
        if not check.within:
            return day
        margin = timedelta(days=check.within)
        return tr.gettext("{day} (any day from {first} to {last})").format(
            day=day,
            first=day_words((check.day - margin).isoformat(), tr.language),
            last=day_words((check.day + margin).isoformat(), tr.language),
        )
    return narrative.find_target(check, step, catalog, tr.language)["data-target-name"]


def _answers(pdf: FPDF, story: Story, catalog: LayerCatalog, tr: Translator) -> None:
    """The last page for the teacher: every check's answer, with its explanation."""
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 14)
    title = tr.gettext("Answers to the checks (for the teacher)")
    pdf.start_section(title, level=0)
    pdf.cell(0, 8, title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    for index, step in enumerate(story.steps):
        if not step.check:
            continue
        pdf.set_font("DejaVu", "B", 10)
        heading = f"{narrative.step_counter(index, len(story.steps), tr)}: {step.title}"
        pdf.multi_cell(0, 6, heading, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        for number, check in enumerate(step.check, start=1):
            answer = _answer(check, step, catalog, tr)
            pdf.set_font("DejaVu", "", 9.5)
            pdf.multi_cell(0, 5, f"{number}. {answer}. {check.explain}", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(1)


# A QR code on paper at least 3 cm wide, so that a phone reads it from a desk.
QR_MM = 32


def _step_qr(pdf: FPDF, address: str, tr: Translator) -> None:
    """The step's address as a QR code, with the address in text beside it."""
    if pdf.will_page_break(QR_MM + 2):
        pdf.add_page()
    top = pdf.get_y()
    pdf.image(io.BytesIO(qr_png(address)), x=pdf.l_margin, y=top, w=QR_MM, h=QR_MM, alt_text=address, link=address)
    pdf.set_xy(pdf.l_margin + QR_MM + 4, top + 4)
    pdf.set_font("DejaVu", "B", 9)
    pdf.multi_cell(0, 5, tr.gettext("This step on screen:"), new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_font("DejaVu", "", 9)
    pdf.multi_cell(0, 5, address, link=address, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_y(top + QR_MM + 2)


# On paper a picture is at most this wide (mm), and never taller than a third of the page.
PICTURE_WIDTH = 120


def _media(pdf: FPDF, item: Media, files: dict[str, LocalFile], tr: Translator) -> None:
    """A picture printed with its caption and credit; a video or a sound as its caption, address and transcript."""
    file = files.get(item.src) if item.src else None
    who = kind_word(item, tr)
    if file is not None and item.type == "image" and file.width and file.height:
        width = min(pdf.epw, PICTURE_WIDTH, (pdf.eph / 3) * file.width / file.height)
        large = file.kind != "svg" and file.width > EXPORT_WIDTH
        picture = io.BytesIO(smaller_copy(file, EXPORT_WIDTH) if large else shown_bytes(file))
        pdf.image(picture, w=width, alt_text=item.alt or item.caption)
        label = ""
    elif item.src is None:
        label = tr.gettext("Photo not shown") + ": "
    elif item.type == "image":
        label = tr.gettext("Picture not shown") + ": " + (f"{item.alt} " if item.alt else "")
    else:
        label = f"{who}: "
    credit = ", ".join(part for part in (item.credit, item.licence) if part)
    pdf.set_font("DejaVu", "I", 8.5)
    pdf.set_text_color(60, 60, 60)
    pdf.multi_cell(
        0, 4, f"{label}{item.caption}" + (f" ({who}: {credit})" if credit else ""), new_x=XPos.LMARGIN, new_y=YPos.NEXT
    )
    address = item.url
    if item.src and is_remote(item.src):
        found = resolve_src(item.src, item.type, None)
        address = found.page_url if isinstance(found, RemoteVideo) else item.src
    if address and (item.type != "image" or file is None):
        pdf.set_font("DejaVu", "", 8)
        pdf.multi_cell(0, 4, address, link=address, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(0, 0, 0)
    if item.transcript:
        pdf.set_font("DejaVu", "B", 8.5)
        pdf.cell(0, 5, tr.gettext("Transcript"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_font("DejaVu", "", 8.5)
        pdf.multi_cell(0, 4, item.transcript, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)


def _figure(pdf: FPDF, figure: StepFigure, tr: Translator) -> None:
    """The figure as the player draws it (the same SVG), then its data as a table."""
    pdf.set_font("DejaVu", "B", 10)
    pdf.multi_cell(0, 5, figure.title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    svg = figure_svg(figure, tr).encode("utf-8")
    pdf.image(io.BytesIO(svg), w=min(pdf.epw, 150), alt_text=figure.title)
    if figure.caption:
        pdf.set_font("DejaVu", "I", 8.5)
        pdf.multi_cell(0, 4, figure.caption, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    # The table's cells as plain text (fpdf2's HTML tables take no links or spans inside a cell).
    pdf.set_font("DejaVu", "", 7.5)
    kinds = narrative.kind_names(tr)
    with pdf.table(col_widths=(22, 14, 14, 50), text_align="LEFT", line_height=3.6) as table:
        header = table.row()
        for name in table_header(figure, tr):
            header.cell(name)
        for first, number, status, row in table_rows(figure, tr):
            source = row.source
            words = [source.title, source.publisher, kinds[source.kind][0] if source.kind else None, source.url]
            cells = table.row()
            for text in (first, number, status, ", ".join(word for word in words if word)):
                cells.cell(text)
    pdf.ln(1)
