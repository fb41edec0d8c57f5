"""The story in the translation's language: each text the translation gives, else the original's,
listed as untranslated."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from story.format.messages import say, verbatim
from story.format.model import Check, ChoiceCheck, Credit, Figure, Note, OrderCheck, Source, Story
from story.format.problems import Problem, StoryError
from story.format.translation.check import parse_translation, source_identity, structure_problems
from story.format.translation.model import (
    ArticleText,
    CheckText,
    CreditText,
    FigureRowText,
    FigureText,
    GlossaryText,
    MediaText,
    NoteText,
    PlaceText,
    StepText,
    StoryText,
    TranslatedStory,
)

T = TypeVar("T")
TextItem = TypeVar("TextItem", Note, Credit)


def _nth(items: Sequence[T] | None, index: int) -> T | None:
    """The translation's `index`-th entry of a list, or None when it has fewer."""
    return items[index] if items and index < len(items) else None


def _texts_picked(
    items: list[TextItem],
    translated: Sequence[NoteText | CreditText],
    path: str,
    pick: Callable[[str, str | None, str], str],
    also: Callable[[TextItem], dict[str, object]] = lambda item: {},
) -> list[TextItem]:
    """Each item with the text of the translation's item at the same place (lists of notes and
    credits have no identity of their own), else its own text, listed as untranslated."""
    return [
        item.model_copy(
            update={
                "text": pick(f"{path}[{i}].text", getattr(_nth(translated, i), "text", None), item.text),
                **also(item),
            }
        )
        for i, item in enumerate(items)
    ]


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
        source_texts = {source_identity(i, s.url): s for i, s in enumerate(step_text.sources)}

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
                                getattr(source_texts.get(source_identity(i, source.url)), "title", None),
                                source.title,
                            )
                        }
                    )
                )
                for i, source in enumerate(step.sources)
            ],
            "other_sources": _texts_picked(
                step.other_sources,
                step_text.other_sources,
                f"{prefix}.other_sources",
                pick,
                also=lambda note: {"sources": [published(source) for source in note.sources]},
            ),
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
    lesson_titles = {lesson.id: lesson.title for lesson in text.lessons}
    lessons = [
        lesson.model_copy(update={"title": pick(f"lessons[{i}].title", lesson_titles.get(lesson.id), lesson.title)})
        for i, lesson in enumerate(original.lessons)
    ]
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
            "lessons": lessons,
            "title": pick("title", text.title, original.title),
            "subtitle": original.subtitle and pick("subtitle", text.subtitle, original.subtitle),
            "credits": _texts_picked(original.credits, text.credits, "credits", pick),
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
        said = say("cannot read the file: {reason}", reason=verbatim(str(error.strerror)))
        raise StoryError([Problem.of(name, (1, 1), "", said)]) from None
    text, source_map = parse_translation(raw, name)
    problems = structure_problems(original, text, source_map, name)
    if problems:
        raise StoryError(problems)
    return apply_translation(original, text)


def _translate_check(check: Check, text: CheckText, prefix: str, pick) -> Check:
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
    if isinstance(check, OrderCheck):
        order = text.order if text.order is not None and len(text.order) == len(check.order) else None
        update["order"] = [
            pick(f"{prefix}.order[{i}]", order[i] if order else None, event) for i, event in enumerate(check.order)
        ]
    return check.model_copy(update=update)
