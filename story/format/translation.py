"""Story translations: sibling files that give a story's text in another language.

`qantar-2022.ru.yaml` translates `qantar-2022.yaml`. It repeats the story's
structure (every step by id, each step's places, layers and sources) so that a
translator sees what they translate and the checker can prove nothing is
missing or extra; the text fields are optional. What is not translated yet is
shown in the original language, marked as such, never blank.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, TypeVar

from pydantic import Field, StringConstraints, ValidationError, field_validator

from story.format.checks import hidden_character_problems
from story.format.files import translations_of
from story.format.loader import problems_from_validation
from story.format.model import (
    LANGUAGE_PATTERN,
    ChoiceCheck,
    Figure,
    FindCheck,
    LongText,
    Slug,
    Source,
    Story,
    StrictModel,
    Text,
    WebUrl,
)
from story.format.problems import FieldPath, Problem, StoryError, format_field
from story.format.yamlsource import SourceMap, read_yaml


class PlaceText(StrictModel):
    id: Slug
    name: Text | None = None
    note: Text | None = None


class SourceText(StrictModel):
    # Which source: its address (None for a source without one, like a print article).
    url: WebUrl | None = None
    title: Text | None = None


class NoteText(StrictModel):
    text: LongText | None = None


class QuoteText(StrictModel):
    # The quotation keeps its original wording; this is its translation.
    translation: LongText | None = None


class MediaText(StrictModel):
    caption: LongText | None = None
    alt: Text | None = None
    transcript: LongText | None = None
    # Who made it, as this language writes the name ("Militant/Рой Ландерсен").
    credit: Text | None = None


class CheckText(StrictModel):
    question: Text | None = None
    # A multiple-choice check's choices in the original's order; its answer is the choice at the
    # original answer's place.
    choices: list[Text] | None = None
    explain: LongText | None = None


class FigureRowText(StrictModel):
    label: Text | None = None


class FigureText(StrictModel):
    title: Text | None = None
    unit: Text | None = None
    caption: LongText | None = None
    # The rows in the original's order (a row's label; a line's rows need none).
    data: list[FigureRowText] = Field(default_factory=list)
    # The rows' sources, matched by address like the step's.
    sources: list[SourceText] = Field(default_factory=list)


class ViewText(StrictModel):
    alt: Text | None = None


class CreditText(StrictModel):
    text: Text | None = None


class ArticleText(StrictModel):
    # The article's title stays as published; its author's name and its outlet as this language writes them.
    author: Text | None = None
    outlet: Text | None = None


class GlossaryText(StrictModel):
    id: Slug
    term: Text | None = None
    definition: LongText | None = None
    # The forms the term takes in this language's text (cases, plurals).
    forms: list[Text] | None = None


class StepText(StrictModel):
    id: Slug
    title: Text | None = None
    body: LongText | None = None
    view: ViewText | None = None
    places: list[PlaceText] = Field(default_factory=list)
    layers: list[Slug] = Field(default_factory=list)
    sources: list[SourceText] = Field(default_factory=list)
    other_sources: list[NoteText] = Field(default_factory=list)
    quote: QuoteText | None = None
    media: list[MediaText] = Field(default_factory=list)

    @field_validator("media", mode="before")
    @classmethod
    def _one_media_block(cls, value: object) -> object:
        return [value] if isinstance(value, dict) else value

    figure: FigureText | None = None
    discussion: list[LongText] | None = None
    check: list[CheckText] = Field(default_factory=list)
    content_note: LongText | None = None
    speaker_notes: LongText | None = None


class StoryText(StrictModel):
    translation_of: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    language: Annotated[str, StringConstraints(pattern=LANGUAGE_PATTERN)]
    title: Text | None = None
    subtitle: Text | None = None
    source: ArticleText | None = None
    credits: list[CreditText] = Field(default_factory=list)
    # Each publisher as the original writes it -> as this language writes it ("Reuters, via Malay Mail" ->
    # "Reuters, на сайте Malay Mail"): the sources of the steps, their notes and figures, and the reports of
    # the story's map layers. One entry serves every source that names the publisher.
    publishers: dict[Text, Text] = Field(default_factory=dict)
    note: LongText | None = None  # e.g. "Translated for this project; corrections welcome"
    content_note: LongText | None = None
    glossary: list[GlossaryText] = Field(default_factory=list)
    steps: list[StepText]


@dataclass(frozen=True)
class TranslatedStory:
    story: Story
    # Fields shown in the original language, as field paths ("steps[3].body").
    untranslated: frozenset[str]
    note: str | None = None
    # The translation's publishers, for what the story's own sources do not cover (its layers' reports).
    publishers: dict[str, str] = field(default_factory=dict)

    def is_untranslated(self, path: str) -> bool:
        return path in self.untranslated


def parse_translation(raw: bytes, name: str) -> tuple[StoryText, SourceMap]:
    data, source_map = read_yaml(raw, name)
    if not isinstance(data, dict):
        line, column = source_map.locate(())
        raise StoryError([Problem(name, line, column, "", "a translation file is a block of 'key: value' fields")])
    hidden = hidden_character_problems(data, source_map, name)
    try:
        text = StoryText.model_validate(data)
    except ValidationError as error:
        raise StoryError(hidden + problems_from_validation(error, source_map, name, data)) from None
    if hidden:
        raise StoryError(hidden)
    return text, source_map


def structure_problems(original: Story, text: StoryText, source_map: SourceMap, name: str) -> list[Problem]:
    """Steps, places, layers and sources the translation has that the original lacks, or misses."""
    problems: list[Problem] = []

    def report(path: FieldPath, message: str) -> None:
        line, column = source_map.locate(path)
        problems.append(Problem(name, line, column, format_field(path), message))

    if text.language == original.language:
        report(("language",), f"is the original's language ('{original.language}'); a translation needs another")
    original_ids = [step.id for step in original.steps]
    text_ids = [step.id for step in text.steps]
    for missing in [i for i in original_ids if i not in text_ids]:
        report(("steps",), f"step '{missing}' of the original is missing")
    for index, step_id in enumerate(text_ids):
        if step_id not in original_ids:
            report(("steps", index, "id"), f"step '{step_id}' is not in the original")
    if [i for i in text_ids if i in original_ids] != [i for i in original_ids if i in text_ids]:
        report(("steps",), "the steps are not in the original's order")

    by_id = {step.id: step for step in original.steps}
    for index, step_text in enumerate(text.steps):
        step = by_id.get(step_text.id)
        if step is None:
            continue
        path: FieldPath = ("steps", index)
        _compare(
            report,
            (*path, "places"),
            [p.key for p in step.places],
            [p.id for p in step_text.places],
            "place",
        )
        _compare(report, (*path, "layers"), [ref.id for ref in step.layers], step_text.layers, "layer")
        _compare(
            report,
            (*path, "sources"),
            [_source_identity(i, source.url) for i, source in enumerate(step.sources)],
            [_source_identity(i, source.url) for i, source in enumerate(step_text.sources)],
            "source",
        )
        if len(step_text.other_sources) not in (0, len(step.other_sources)):
            report(
                (*path, "other_sources"),
                f"has {len(step_text.other_sources)} notes; the original has {len(step.other_sources)}",
            )
        if step_text.quote is not None and step.quote is None:
            report((*path, "quote"), "the original step has no quote")
        if step_text.media and not step.media:
            report((*path, "media"), "the original step has no media")
        elif len(step_text.media) not in (0, len(step.media)):
            report((*path, "media"), f"has {len(step_text.media)} media items; the original has {len(step.media)}")
        if step_text.content_note is not None and step.content_note is None:
            report((*path, "content_note"), "the original step has no content note")
        if step_text.speaker_notes is not None and step.speaker_notes is None:
            report((*path, "speaker_notes"), "the original step has no speaker notes")
        if step_text.figure is not None and step.figure is None:
            report((*path, "figure"), "the original step has no figure")
        elif (
            step_text.figure is not None
            and step.figure is not None
            and len(step_text.figure.data) not in (0, len(step.figure.data))
        ):
            report(
                (*path, "figure", "data"),
                f"has {len(step_text.figure.data)} rows; the original has {len(step.figure.data)}",
            )
        if step_text.discussion is not None and len(step_text.discussion) != len(step.discussion):
            report(
                (*path, "discussion"),
                f"has {len(step_text.discussion)} questions; the original has {len(step.discussion)}",
            )
        if len(step_text.check) not in (0, len(step.check)):
            report((*path, "check"), f"has {len(step_text.check)} checks; the original has {len(step.check)}")
        for i, (check, check_text) in enumerate(zip(step.check, step_text.check, strict=False)):
            if check_text.choices is not None and (
                not isinstance(check, ChoiceCheck) or len(check_text.choices) != len(check.choices)
            ):
                count = len(check.choices) if isinstance(check, ChoiceCheck) else 0
                report(
                    (*path, "check", i, "choices"), f"has {len(check_text.choices)} choices; the original has {count}"
                )
    if text.content_note is not None and original.content_note is None:
        report(("content_note",), "the original story has no content note")
    # A term the translation leaves out is shown as the original's (an untranslated field).
    original_terms = {term.id for term in original.glossary}
    for index, term in enumerate(text.glossary):
        if term.id not in original_terms:
            report(("glossary", index, "id"), f"glossary term '{term.id}' is not in the original")
    if text.source is not None and original.source is None:
        report(("source",), "the original story has no source")
    if text.credits and len(text.credits) != len(original.credits):
        report(("credits",), f"has {len(text.credits)} credits; the original has {len(original.credits)}")
    return problems


def _source_identity(index: int, url: str | None) -> str:
    # A source is known by its address; one without (a print article) by its position.
    return url or f"#{index + 1} (without url)"


def _compare(report, path: FieldPath, original: list[str], translated: list[str], kind: str) -> None:
    for missing in [item for item in original if item not in translated]:
        report(path, f"{kind} '{missing}' of the original is missing")
    for extra in [item for item in translated if item not in original]:
        report(path, f"{kind} '{extra}' is not in the original step")


T = TypeVar("T")


def _nth(items: list[T] | None, index: int) -> T | None:
    """The translation's `index`-th entry of a list, or None when it has fewer."""
    return items[index] if items and index < len(items) else None


def apply_translation(original: Story, text: StoryText) -> TranslatedStory:
    """The story in the translation's language; untranslated fields keep the original text."""
    untranslated: set[str] = set()

    def pick(path: str, translated: str | None, fallback: str) -> str:
        if translated:
            return translated
        untranslated.add(path)
        return fallback

    def published(source: Source) -> Source:
        # A publisher is translated once for the whole story, wherever a source names it.
        if source.publisher is None:
            return source
        name = pick(f'publishers["{source.publisher}"]', text.publishers.get(source.publisher), source.publisher)
        return source.model_copy(update={"publisher": name})

    texts = {step.id: step for step in text.steps}
    steps = []
    for index, step in enumerate(original.steps):
        prefix = f"steps[{index}]"
        step_text = texts.get(step.id) or StepText(id=step.id)
        place_texts = {p.id: p for p in step_text.places}
        places = [(place, place_texts.get(place.key) or PlaceText(id=place.key)) for place in step.places]
        # Sources are matched by address (their order may differ), a source without one by position.
        source_texts = {_source_identity(i, s.url): s for i, s in enumerate(step_text.sources)}

        update: dict = {
            "title": pick(f"{prefix}.title", step_text.title, step.title),
            "body": pick(f"{prefix}.body", step_text.body, step.body),
            "view": step.view.model_copy(
                update={
                    "alt": pick(f"{prefix}.view.alt", step_text.view.alt if step_text.view else None, step.view.alt)
                }
            ),
            "places": [
                place.model_copy(
                    update={
                        "name": pick(f"{prefix}.places[{i}].name", place_text.name, place.name),
                        "note": place.note and pick(f"{prefix}.places[{i}].note", place_text.note, place.note),
                        "id": place.key,
                    }
                )
                for i, (place, place_text) in enumerate(places)
            ],
            "sources": [
                published(
                    source.model_copy(
                        update={
                            "title": pick(
                                f"{prefix}.sources[{i}].title",
                                getattr(source_texts.get(_source_identity(i, source.url)), "title", None),
                                source.title,
                            )
                        }
                    )
                )
                for i, source in enumerate(step.sources)
            ],
            "other_sources": [
                note.model_copy(
                    update={
                        "text": pick(
                            f"{prefix}.other_sources[{i}].text",
                            getattr(_nth(step_text.other_sources, i), "text", None),
                            note.text,
                        ),
                        "sources": [published(source) for source in note.sources],
                    }
                )
                for i, note in enumerate(step.other_sources)
            ],
            "content_note": step.content_note
            and pick(f"{prefix}.content_note", step_text.content_note, step.content_note),
            "speaker_notes": step.speaker_notes
            and pick(f"{prefix}.speaker_notes", step_text.speaker_notes, step.speaker_notes),
            "discussion": [
                pick(
                    f"{prefix}.discussion[{i}]",
                    _nth(step_text.discussion, i),
                    question,
                )
                for i, question in enumerate(step.discussion)
            ],
        }
        if step.check:
            check_texts = step_text.check
            if len(check_texts) != len(step.check):
                check_texts = [CheckText()] * len(step.check)
            update["check"] = [
                _translate_check(check, text, f"{prefix}.check[{i}]", pick)
                for i, (check, text) in enumerate(zip(step.check, check_texts, strict=True))
            ]
        if step.quote is not None:
            # The quotation keeps its wording; without a translation into this language the
            # original's own translation (if any) is shown.
            translation = pick(
                f"{prefix}.quote.translation",
                step_text.quote.translation if step_text.quote else None,
                step.quote.translation or "",
            )
            update["quote"] = step.quote.model_copy(update={"translation": translation or None})
        if step.media:
            media_texts = step_text.media
            if len(media_texts) != len(step.media):
                media_texts = [MediaText()] * len(step.media)
            update["media"] = [
                item.model_copy(
                    update={
                        "caption": pick(f"{prefix}.media[{i}].caption", text.caption, item.caption),
                        "alt": item.alt and pick(f"{prefix}.media[{i}].alt", text.alt, item.alt),
                        "transcript": item.transcript
                        and pick(f"{prefix}.media[{i}].transcript", text.transcript, item.transcript),
                        # A name keeps its spelling unless the translation writes it otherwise.
                        "credit": text.credit or item.credit,
                    }
                )
                for i, (item, text) in enumerate(zip(step.media, media_texts, strict=True))
            ]
        if step.figure is not None:
            figure_text = step_text.figure or FigureText()
            step_titles = {source.url: source.title for source in step_text.sources if source.url and source.title}
            figure = _translate_figure(step.figure, figure_text, f"{prefix}.figure", pick, step_titles)
            update["figure"] = figure.model_copy(
                update={"data": [row.model_copy(update={"source": published(row.source)}) for row in figure.data]}
            )
        steps.append(step.model_copy(update=update))
    glossary_texts = {term.id: term for term in text.glossary}
    glossary = []
    for i, term in enumerate(original.glossary):
        term_text = glossary_texts.get(term.id) or GlossaryText(id=term.id)
        glossary.append(
            term.model_copy(
                update={
                    "term": pick(f"glossary[{i}].term", term_text.term, term.term),
                    "definition": pick(f"glossary[{i}].definition", term_text.definition, term.definition),
                    # Untranslated forms would mark English words in a Russian text: none then.
                    "forms": list(term_text.forms or []),
                }
            )
        )
    article = original.source
    if article is not None:
        article_text = text.source or ArticleText()
        article = article.model_copy(
            update={
                "author": article.author and pick("source.author", article_text.author, article.author),
                "outlet": pick("source.outlet", article_text.outlet, article.outlet),
            }
        )
    story = original.model_copy(
        update={
            "source": article,
            "language": text.language,
            "content_note": original.content_note and pick("content_note", text.content_note, original.content_note),
            "glossary": glossary,
            "title": pick("title", text.title, original.title),
            "subtitle": original.subtitle and pick("subtitle", text.subtitle, original.subtitle),
            "credits": [
                credit.model_copy(
                    update={
                        "text": pick(
                            f"credits[{i}].text",
                            getattr(_nth(text.credits, i), "text", None),
                            credit.text,
                        )
                    }
                )
                for i, credit in enumerate(original.credits)
            ],
            "steps": steps,
        }
    )
    return TranslatedStory(story, frozenset(untranslated), text.note, dict(text.publishers))


def _translate_figure(
    figure: Figure,
    text: FigureText,
    prefix: str,
    pick: Callable[[str, str | None, str], str],
    step_titles: dict[str, str],
) -> Figure:
    # A row's source takes its title from the figure's own list, else from the step's sources
    # (the same address), else keeps its title, as the sources of a step's notes do: a
    # published headline stays in its language.
    titles = {**step_titles, **{source.url: source.title for source in text.sources if source.url and source.title}}
    rows = []
    for i, row in enumerate(figure.data):
        row_text = _nth(text.data, i) or FigureRowText()
        source = row.source.model_copy(update={"title": titles.get(row.source.url or "", row.source.title)})
        label = row.label and pick(f"{prefix}.data[{i}].label", row_text.label, row.label)
        rows.append(row.model_copy(update={"label": label, "source": source}))
    return figure.model_copy(
        update={
            "title": pick(f"{prefix}.title", text.title, figure.title),
            "unit": figure.unit and pick(f"{prefix}.unit", text.unit, figure.unit),
            "caption": figure.caption and pick(f"{prefix}.caption", text.caption, figure.caption),
            "data": rows,
        }
    )


def load_translation(original: Story, path: Path) -> TranslatedStory:
    """Read and check a translation of `original`; raise StoryError with every problem."""
    name = str(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise StoryError([Problem(name, 1, 1, "", f"cannot read the file: {error.strerror}")]) from None
    text, source_map = parse_translation(raw, name)
    problems = structure_problems(original, text, source_map, name)
    if problems:
        raise StoryError(problems)
    return apply_translation(original, text)


def story_publishers(story: Story) -> list[str]:
    """The publishers the story's sources name, each once, in the order a reader meets them."""
    sources = [
        source
        for step in story.steps
        for source in [
            *step.sources,
            *(source for note in step.other_sources for source in note.sources),
            *(row.source for row in (step.figure.data if step.figure else [])),
        ]
    ]
    return list(dict.fromkeys(source.publisher for source in sources if source.publisher))


def stale_publisher_warnings(original: Story, path: Path, layer_publishers: set[str]) -> list[Problem]:
    """A warning for each entry of a translation's `publishers` that no source of the story or its layers names
    any more (a source replaced in the original: its new publisher needs an entry)."""
    name = str(path)
    data, source_map = read_yaml(path.read_bytes(), name)
    table = data.get("publishers") if isinstance(data, dict) else None
    if not isinstance(table, dict):
        return []
    named = set(story_publishers(original)) | layer_publishers
    problems = []
    for publisher in table:
        if publisher not in named:
            line, column = source_map.locate(("publishers", publisher), prefer_key=True)
            problems.append(
                Problem(
                    name,
                    line,
                    column,
                    f'publishers["{publisher}"]',
                    "no source of the original names this publisher; remove it, or write it as the source does",
                    warning=True,
                )
            )
    return problems


def translation_template(original: Story, original_name: str, language: str) -> dict:
    """A translation file to start from: the structure, with the original text to replace."""
    steps = []
    for step in original.steps:
        entry: dict = {"id": step.id, "title": step.title, "body": step.body, "view": {"alt": step.view.alt}}
        entry["places"] = [{"id": place.key, "name": place.name} for place in step.places]
        entry["layers"] = [ref.id for ref in step.layers]
        entry["sources"] = [{"url": source.url, "title": source.title} for source in step.sources]
        if step.other_sources:
            entry["other_sources"] = [{"text": note.text} for note in step.other_sources]
        if step.quote:
            entry["quote"] = {"translation": step.quote.text}
        if step.media:
            entry["media"] = [
                {
                    key: value
                    for key in ("caption", "alt", "transcript", "credit")
                    if (value := getattr(item, key)) is not None
                }
                for item in step.media
            ]
        if step.figure:
            figure: dict = {"title": step.figure.title}
            if step.figure.unit:
                figure["unit"] = step.figure.unit
            if step.figure.caption:
                figure["caption"] = step.figure.caption
            figure["data"] = [{"label": row.label} if row.label else {} for row in step.figure.data]
            entry["figure"] = figure
        if step.discussion:
            entry["discussion"] = list(step.discussion)
        if step.check:
            entry["check"] = [
                {"question": check.question, "explain": check.explain}
                | ({"choices": list(check.choices)} if isinstance(check, ChoiceCheck) else {})
                for check in step.check
            ]
        if step.content_note:
            entry["content_note"] = step.content_note
        if step.speaker_notes:
            entry["speaker_notes"] = step.speaker_notes
        steps.append(entry)
    return {
        "translation_of": original_name,
        "language": language,
        "title": original.title,
        "subtitle": original.subtitle,
        "note": "Translated for this project; corrections are welcome (see docs/translating.md).",
        **(
            {"source": {"author": original.source.author, "outlet": original.source.outlet}}
            if original.source and original.source.author
            else {}
        ),
        "credits": [{"text": credit.text} for credit in original.credits],
        "publishers": {name: name for name in story_publishers(original)},
        **({"content_note": original.content_note} if original.content_note else {}),
        **(
            {
                "glossary": [
                    {"id": term.id, "term": term.term, "definition": term.definition, "forms": list(term.forms)}
                    for term in original.glossary
                ]
            }
            if original.glossary
            else {}
        ),
        "steps": steps,
    }


@dataclass(frozen=True)
class LocalizedStory:
    """A story as shown in one language: translated where a translation exists, with what fell back."""

    story: Story
    untranslated: frozenset[str] = frozenset()
    note: str | None = None
    translation: Path | None = None  # the file the text came from
    problem: StoryError | None = None  # a translation that cannot be used: the original is shown
    publishers: dict[str, str] = field(default_factory=dict)  # for the reports of the story's layers


def localize(
    original: Story,
    original_path: Path,
    language: str,
    load: Callable[[Story, Path], TranslatedStory] = load_translation,
) -> LocalizedStory:
    """`original` in `language` when a sibling translation exists; otherwise as written.

    The one way to get "the story in language X", for the app, its downloads and the
    command line. `load` reads a translation (the app passes a cached one).
    """
    if language == original.language:
        return LocalizedStory(original)
    path = translations_of(original_path).get(language)
    if path is None:
        return LocalizedStory(original)
    try:
        translated = load(original, path)
    except StoryError as error:
        return LocalizedStory(original, translation=path, problem=error)
    return LocalizedStory(
        translated.story, translated.untranslated, translated.note, path, publishers=translated.publishers
    )


def _translate_check(check: ChoiceCheck | FindCheck, text: CheckText, prefix: str, pick) -> ChoiceCheck | FindCheck:
    update: dict = {
        "question": pick(f"{prefix}.question", text.question, check.question),
        "explain": pick(f"{prefix}.explain", text.explain, check.explain),
    }
    if isinstance(check, ChoiceCheck):
        choices = text.choices if text.choices is not None and len(text.choices) == len(check.choices) else None
        update["choices"] = [
            pick(f"{prefix}.choices[{i}]", choices[i] if choices else None, choice)
            for i, choice in enumerate(check.choices)
        ]
        update["answer"] = update["choices"][check.choices.index(check.answer)]
    return check.model_copy(update=update)
