"""The translation file's shape: a step by its id, a place by its id, a source by its address, the
rest by position; every text optional (what is missing is shown in the original language)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated

from pydantic import Field, StringConstraints, field_validator

from story.format.model import LANGUAGE_PATTERN, LongText, Slug, Story, StrictModel, Text, WebUrl


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
    # An order question's events in the original's order (the right one).
    order: list[Text] | None = None
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


class LessonText(StrictModel):
    id: Slug
    title: Text | None = None


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
    lessons: list[LessonText] = Field(default_factory=list)
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
