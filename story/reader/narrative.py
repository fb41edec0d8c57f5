"""A step's narrative: one ordered list of sections, each as safe HTML, for every output.

`step_sections` decides what a reader sees of a step and in which order; the player
in the browser (the app and the offline export) shows exactly this HTML, and the
handout prints the same sections in its own layout. Every authored string goes
through `story.reader.text` (escaped, or Markdown rendered and sanitized) before it
is placed into markup here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from geodata.catalog import ATTRIBUTIONS, N_, LayerCatalog
from story.contract import (
    CheckAttributes,
    ChoiceCheckAttributes,
    FindCheckAttributes,
    FindTargetAttributes,
    PlaceChoiceAttributes,
)
from story.format.dates import parse_story_date
from story.format.model import (
    FIND_PLACE_KM,
    Article,
    ChoiceCheck,
    DayCheck,
    FindCheck,
    GlossaryTerm,
    Note,
    OrderCheck,
    Place,
    Quote,
    Source,
    Step,
    Story,
)
from story.reader.dates import format_story_date
from story.reader.figure import figure_html
from story.reader.glossary import for_print, mark_terms
from story.reader.i18n import Translator
from story.reader.media import NO_MEDIA, MediaFiles, media_html
from story.reader.text import escape, link, render_markdown
from story.reader.time_checks import day_check, order_check


def step_date(step: Step, language: str) -> str:
    return format_story_date(step.story_date, language)


def step_counter(index: int, total: int, tr: Translator) -> str:
    return tr.gettext("Step {number} of {total}").format(number=index + 1, total=total)


def body_html(step: Step, glossary: list[GlossaryTerm] | None = None) -> str:
    """The step's text, with the glossary's terms marked where they first appear."""
    return f'<div class="sm-body">{mark_terms(render_markdown(step.body), glossary or [])}</div>'


def kind_names(tr: Translator) -> dict[str, tuple[str, str]]:
    """Each kind of source: its short label and what it means, in the reader's language."""
    return {
        "independent": (tr.gettext("independent"), tr.gettext("News media, not run by a government or a party.")),
        "ngo": (tr.gettext("NGO"), tr.gettext("A human-rights or research organisation.")),
        "official": (
            tr.gettext("official"),
            tr.gettext("A government, one of its agencies, or an intergovernmental body such as the UN."),
        ),
        "state-media": (
            tr.gettext("state media"),
            tr.gettext("Media run by a state: a record of what officials said, not an independent check."),
        ),
        "partisan": (
            tr.gettext("partisan"),
            tr.gettext("The outlet of a party or movement, written from its point of view."),
        ),
        "encyclopedia": (tr.gettext("encyclopedia"), tr.gettext("An encyclopedia: a summary of what others found.")),
        "scholarly": (tr.gettext("scholarly"), tr.gettext("Research by historians or other scholars.")),
    }


def kind_html(kind: str | None, tr: Translator) -> str:
    """A source's kind beside it: a short label, its meaning on hover, focus and tap."""
    if kind is None:
        return ""
    label, meaning = kind_names(tr)[kind]
    return (
        f' <span class="sm-kind sm-kind-{escape(kind)}" tabindex="0">{escape(label)}'
        f'<span class="sm-kind-meaning">: {escape(meaning)}</span></span>'
    )


_KIND = re.compile(
    r'<span class="sm-kind sm-kind-[a-z-]+" tabindex="0">([^<]*)<span class="sm-kind-meaning">[^<]*</span></span>'
)


def print_html(html: str) -> str:
    """A section's HTML for paper: glossary terms in italics without their tips, source kinds by
    their label alone (the handout lists the glossary and the kinds' meanings once, at its end)."""
    return for_print(_KIND.sub(r"(\1)", html))


# The Kazakh Cyrillic alphabet, in order; the Russian is the same without the Kazakh letters.
_CYRILLIC = "аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя"


def alphabetical(text: str) -> list[tuple[int, int | str]]:
    """A sort key that puts Cyrillic words in their alphabet's order (ә after а, ё after е), Latin first."""
    return [(1, _CYRILLIC.index(char)) if char in _CYRILLIC else (0, char) for char in text.casefold()]


def glossary_html(glossary: list[GlossaryTerm], tr: Translator, heading: bool = True) -> str:
    """The story's glossary as a list, in alphabetical order of the reader's language."""
    if not glossary:
        return ""
    rows = "".join(
        f"<dt>{escape(term.term)}</dt><dd>{escape(term.definition)}</dd>"
        for term in sorted(glossary, key=lambda term: alphabetical(term.term))
    )
    title = f"<h3>{escape(tr.gettext('Glossary'))}</h3>" if heading else ""
    return f'<section class="sm-glossary">{title}<dl>{rows}</dl></section>'


def quote_html(quote: Quote, tr: Translator) -> str:
    translation = ""
    if quote.translation:
        word = escape(tr.gettext("Translation"))
        label = f'<span class="sm-label">{word}:</span>'
        translation = f'<p class="sm-quote-translation">{label} {escape(quote.translation)}</p>'
    return (
        '<figure class="sm-quote">'
        f"<blockquote><p>{escape(quote.text)}</p></blockquote>"
        f"{translation}"
        f"<figcaption>— {escape(quote.speaker)}, <cite>{escape(quote.source)}</cite></figcaption>"
        "</figure>"
    )


def source_html(source: Source, language: str, tr: Translator | None = None) -> str:
    parts = [link(source.title, source.url)]
    if source.publisher:
        parts.append(escape(source.publisher))
    if source.date:
        parts.append(escape(format_story_date(parse_story_date(source.date), language)))
    return ", ".join(parts) + (kind_html(source.kind, tr) if tr is not None else "")


def sources_html(sources: list[Source], tr: Translator, language: str) -> str:
    if not sources:
        return ""
    items = "".join(f"<li>{source_html(source, language, tr)}</li>" for source in sources)
    heading = escape(tr.gettext("Sources"))
    return f'<section class="sm-sources"><h3>{heading}</h3><ul>{items}</ul></section>'


def other_sources_html(notes: list[Note], tr: Translator, language: str) -> str:
    if not notes:
        return ""
    blocks = []
    for note in notes:
        cited = ""
        if note.sources:
            cited = "<ul>" + "".join(f"<li>{source_html(s, language, tr)}</li>" for s in note.sources) + "</ul>"
        blocks.append(f'<div class="sm-note">{render_markdown(note.text)}{cited}</div>')
    heading = escape(tr.gettext("Other sources"))
    return f'<aside class="sm-other-sources"><h3>{heading}</h3>{"".join(blocks)}</aside>'


def discussion_html(questions: list[str]) -> str:
    if not questions:
        return ""
    return '<ol class="sm-discussion">' + "".join(f"<li>{escape(q)}</li>" for q in questions) + "</ol>"


def article_credit_html(article: Article, tr: Translator, language: str) -> str:
    if article.author:
        template = tr.gettext("Based on “{title}” by {author}, {outlet}, {date}.")
    else:
        template = tr.gettext("Based on “{title}”, {outlet}, {date}.")
    sentence = escape(template).format(
        title=link(article.title, article.url),
        author=escape(article.author or ""),
        outlet=f"<cite>{escape(article.outlet)}</cite>",
        date=escape(format_story_date(parse_story_date(article.date), language)),
    )
    return f'<p class="sm-article">{sentence}{kind_html(article.kind, tr)}</p>'


LEAFLET_CREDIT = (N_("Map display: Leaflet (BSD 2-Clause)"), "https://leafletjs.com/")


def attributions(tiles_attribution: str | None) -> list[tuple[str, str | None]]:
    """What the data, the map library and the online basemap must be credited with."""
    credited: list[tuple[str, str | None]] = [*ATTRIBUTIONS, LEAFLET_CREDIT]
    if tiles_attribution:
        credited.append((tiles_attribution, None))
    return credited


def credits_html(story: Story, tr: Translator, language: str, attributions: list[tuple[str, str | None]]) -> str:
    """The story's credits, its source article, the data and map attributions, and the kinds of sources."""
    items = []
    if story.source:
        items.append(f"<li>{article_credit_html(story.source, tr, language)}</li>")
    items += [f"<li>{link(credit.text, credit.url)}</li>" for credit in story.credits]
    # The data and map credits are interface strings; a basemap's own attribution has no msgid and stays as given.
    items += [f"<li>{link(tr.gettext(text), url)}</li>" for text, url in attributions]
    credits = f'<ul class="sm-credits">{"".join(items)}</ul>'
    return credits + kinds_legend_html(story, tr)


def kinds_legend_html(story: Story, tr: Translator) -> str:
    """What each kind of source the story cites means, once for the whole story."""
    used = {source.kind for step in story.steps for source in step.sources} | {
        source.kind for step in story.steps for note in step.other_sources for source in note.sources
    }
    if story.source is not None:
        used.add(story.source.kind)
    names = kind_names(tr)
    rows = "".join(
        f"<dt>{escape(names[kind][0])}</dt><dd>{escape(names[kind][1])}</dd>" for kind in names if kind in used
    )
    if not rows:
        return ""
    heading = escape(tr.gettext("Kinds of sources"))
    return f'<section class="sm-kinds"><h3>{heading}</h3><dl>{rows}</dl></section>'


def legend_html(step: Step, catalog: LayerCatalog, tr: Translator, language: str) -> str:
    """What the colours on this step's map mean."""
    highlighted: list[str] = []
    has_context_area = has_route = False
    for ref in step.layers:
        layer = catalog.layers.get(ref.id)
        if layer is None:
            continue
        strong = list(layer.features) if ref.role == "highlight" else list(ref.highlight)
        highlighted += [
            layer.features[fid].names.get(language, layer.features[fid].name) for fid in strong if fid in layer.features
        ]
        if layer.geometry_type == "line":
            has_route = True
        elif len(strong) < len(layer.features):
            has_context_area = True
    items = []
    if highlighted:
        shown = ", ".join(highlighted[:8])
        if len(highlighted) > 8:
            shown += " " + tr.gettext("and {count} more").format(count=len(highlighted) - 8)
        items.append(("sm-key-highlight", tr.gettext("Highlighted: {names}").format(names=shown)))
    if has_context_area:
        items.append(("sm-key-context", tr.gettext("Other areas shown for context")))
    if has_route:
        items.append(("sm-key-route", tr.gettext("Routes")))
    if step.places:
        items.append(("sm-key-place", tr.gettext("Places in this step")))
    other_places = tr.gettext("Places in other steps: point at one for its name, click it to go there")
    items.append(("sm-key-other-place", other_places))
    rows = "".join(
        f'<li><span class="sm-swatch {css}" aria-hidden="true"></span>{escape(text)}</li>' for css, text in items
    )
    legend = escape(tr.gettext("Legend"))
    return f'<ul class="sm-legend" aria-label="{legend}">{rows}</ul>'


def _step_part_names(tr: Translator) -> dict[str, str]:
    """What a viewer calls the parts of a step, by the field names a translation reports."""
    return {
        "title": tr.gettext("the title"),
        "content_note": tr.gettext("the content note"),
        "body": tr.gettext("the text"),
        "view": tr.gettext("the map description"),
        "places": tr.gettext("place names"),
        "other_sources": tr.gettext("notes on other sources"),
        "media": tr.gettext("the caption"),
        "discussion": tr.gettext("questions for discussion"),
    }


def untranslated_parts(untranslated: frozenset[str], index: int) -> list[str]:
    """The parts of step `index` shown in the original language (quotes keep theirs on purpose)."""
    prefix = f"steps[{index}]."
    fields = {path[len(prefix) :].split(".")[0].split("[")[0] for path in untranslated if path.startswith(prefix)}
    order = ["title", "content_note", "body", "view", "places", "other_sources", "media", "discussion"]
    return [part for part in order if part in fields]


def untranslated_marker_html(parts: list[str], tr: Translator) -> str:
    """A visible marker that some of this step is shown in the original language."""
    names = _step_part_names(tr)
    shown = ", ".join(names[part] for part in parts)
    label = escape(tr.gettext("Not yet translated, shown in the original language: {parts}").format(parts=shown))
    return f'<p class="sm-untranslated" role="note">{label}</p>'


SectionKind = Literal[
    "date",
    "title",
    "content-note",
    "untranslated",
    "article",
    "body",
    "quote",
    "media",
    "figure",
    "other-sources",
    "sources",
    "legend",
    "check",
    "discussion",
]


@dataclass(frozen=True)
class Section:
    """One part of a step as a reader sees it: what it is, and its sanitized HTML."""

    kind: SectionKind
    html: str


def step_sections(
    story: Story,
    index: int,
    catalog: LayerCatalog,
    tr: Translator,
    untranslated: frozenset[str] = frozenset(),
    media: MediaFiles = NO_MEDIA,
) -> list[Section]:
    """The sections of step `index`, in the order every output shows them. `media`: how the host serves
    the story's pictures (without it, each is its caption)."""
    step = story.steps[index]
    language = tr.language
    sections = [
        Section("date", f'<p class="sm-date">{escape(step_date(step, language))}</p>'),
        Section("title", f'<h2 class="sm-title" tabindex="-1">{escape(step.title)}</h2>'),
    ]
    notes = [note for note in (story.content_note if index == 0 else None, step.content_note) if note]
    if notes:
        sections.append(Section("content-note", content_note_html(notes, tr)))
    fallen_back = untranslated_parts(untranslated, index)
    if fallen_back:
        sections.append(Section("untranslated", untranslated_marker_html(fallen_back, tr)))
    if index == 0 and story.source:
        sections.append(Section("article", article_credit_html(story.source, tr, language)))
    sections.append(Section("body", body_html(step, story.glossary)))
    if step.quote:
        sections.append(Section("quote", quote_html(step.quote, tr)))
    if step.media:
        sections.append(Section("media", media_html(step.media, tr, media, language)))
    if step.figure:
        sections.append(
            Section("figure", figure_html(step.figure, tr, lambda source: source_html(source, language, tr)))
        )
    if step.other_sources:
        sections.append(Section("other-sources", other_sources_html(step.other_sources, tr, language)))
    if step.sources:
        sections.append(Section("sources", sources_html(step.sources, tr, language)))
    sections.append(Section("legend", legend_html(step, catalog, tr, language)))
    if step.check:
        sections.append(Section("check", checks_html(step, catalog, tr, language)))
    if step.discussion:
        summary = escape(tr.gettext("For discussion"))
        questions = discussion_html(step.discussion)
        sections.append(
            Section("discussion", f'<details class="sm-discussion"><summary>{summary}</summary>{questions}</details>')
        )
    return sections


# A click this near a feature's edge (km) counts as right; inside it is 0 km.
FIND_FEATURE_KM = 10


def find_target(check: FindCheck, step: Step, catalog: LayerCatalog, language: str) -> FindTargetAttributes:
    """Where a find check's answer is, as the player's data attributes: a place's position, or a layer feature."""
    place = next((place for place in step.places if place.key == check.find), None)
    if place is not None:
        return {
            "data-target-name": place.name,
            "data-target-lat": f"{place.lat:.5f}",
            "data-target-lon": f"{place.lon:.5f}",
            "data-target-km": str(FIND_PLACE_KM),
        }
    layer_id, _, feature_id = check.find.partition(":")
    layer = catalog.layers.get(layer_id)
    feature = layer.features.get(feature_id) if layer is not None else None
    name = feature.names.get(language, feature.name) if feature is not None else feature_id
    return {
        "data-target-name": name,
        "data-target-layer": layer_id,
        "data-target-feature": feature_id,
        "data-target-km": str(FIND_FEATURE_KM),
    }


def checks_html(step: Step, catalog: LayerCatalog, tr: Translator, language: str) -> str:
    """The step's self-checks: the answers are in the page (data attributes) for the player to judge them."""
    blocks = []
    # Each word on its own line: the message extractor does not look inside f-strings.
    check_label = escape(tr.gettext("Check my answer"))
    map_label = escape(tr.gettext("Answer on the map"))
    for index, check in enumerate(step.check):
        name = f"sm-check-{escape(step.id)}-{index}"
        question = escape(check.question)
        explain = f'<p class="sm-check-explain" hidden>{escape(check.explain)}</p>'
        feedback = '<p class="sm-check-feedback" role="status" aria-live="polite"></p>'
        if isinstance(check, ChoiceCheck):
            right = check.choices.index(check.answer)
            options = "".join(
                f'<label class="sm-choice"><input type="radio" name="{name}" value="{number}"> {escape(choice)}</label>'
                for number, choice in enumerate(check.choices)
            )
            choice_attributes: ChoiceCheckAttributes = {
                "data-kind": "choice",
                "data-index": str(index),
                "data-answer": str(right),
                "data-right": tr.gettext("Right."),
                "data-wrong": tr.gettext("Not quite. The answer is: {answer}.").format(answer=check.answer),
                "data-empty": tr.gettext("Choose an answer first."),
            }
            parts: list[CheckAttributes | FindTargetAttributes] = [choice_attributes]
            body = (
                f'<fieldset><legend class="sm-check-question">{question}</legend>{options}</fieldset>'
                f'<button type="button" class="sm-check-button" data-sm-answer>{check_label}</button>'
            )
        elif isinstance(check, DayCheck):
            day_attributes, body = day_check(check, index, tr, language)
            parts = [day_attributes]
        elif isinstance(check, OrderCheck):
            order_attributes, body = order_check(step, check, index, tr)
            parts = [order_attributes]
        else:
            find_attributes: FindCheckAttributes = {
                "data-kind": "find",
                "data-index": str(index),
                "data-right": tr.gettext("Right: your answer is {km} km from {name}."),
                "data-inside": tr.gettext("Right: your answer is in {name}."),
                "data-wrong": tr.gettext("Not quite: your answer is {km} km from {name}. It is shown on the map."),
                "data-waiting": tr.gettext("Click the map where you think it is."),
                "data-empty": tr.gettext("Choose a place first."),
            }
            parts = [find_attributes, find_target(check, step, catalog, language)]
            places = "".join(
                f'<option value="{escape(place.key)}" {place_choice(place)}>{escape(place.name)}</option>'
                for place in step.places
            )
            listed = ""
            if places:
                label = escape(tr.gettext("Or choose one of this step's places"))
                listed = (
                    f'<label class="sm-find-list">{label} <select data-sm-find-choice><option value="">—</option>'
                    f"{places}</select></label>"
                    f'<button type="button" class="sm-check-button" data-sm-find-list>'
                    f"{check_label}</button>"
                )
            body = (
                f'<p class="sm-check-question">{question}</p>'
                f'<button type="button" class="sm-check-button" data-sm-find>{map_label}</button>{listed}'
            )
        blocks.append(f'<div class="sm-check" {data_attributes(*parts)}>{body}{feedback}{explain}</div>')
    heading = escape(tr.gettext("Check yourself"))
    return f'<section class="sm-checks" aria-label="{heading}"><h3>{heading}</h3>{"".join(blocks)}</section>'


def place_choice(place: Place) -> str:
    """A place's position on its option in a find check's list, for the player to judge the choice."""
    position: PlaceChoiceAttributes = {"data-lat": f"{place.lat:.5f}", "data-lon": f"{place.lon:.5f}"}
    return data_attributes(position)


def data_attributes(*parts: Mapping[str, object]) -> str:
    """The parts' attributes (each typed in `story.contract`), escaped, in order."""
    return " ".join(f'{name}="{escape(str(value))}"' for part in parts for name, value in part.items())


def sections_html(sections: list[Section]) -> str:
    """The sections as one fragment, each marked with its kind (what the player shows)."""
    return "".join(
        f'<div class="sm-section sm-section-{section.kind}" data-section="{section.kind}">{section.html}</div>'
        for section in sections
    )


def content_note_html(notes: list[str], tr: Translator) -> str:
    label = escape(tr.gettext("Content note"))
    text = " ".join(escape(note) for note in notes)
    return f'<p class="sm-content-note" role="note"><strong>{label}:</strong> {text}</p>'
