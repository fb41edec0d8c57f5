"""What a reader of one language still meets in another: the translator's report.

`python -m story check --translations` prints, for each language a story can be read in,
the story's fields not yet translated, its texts that keep words in Latin letters (names
that have no Cyrillic form are fine: the translator decides), the map's names missing in
the language, and the interface strings without a translation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from babel.messages.pofile import read_po

from geodata.catalog import LayerCatalog
from story.format.model import Story
from story.map.state import BASEMAP_LAYER
from story.reader.i18n import DOMAIN, LOCALE_DIR, _messages

LATIN_WORD = re.compile(r"[A-Za-z]+(?:[-'’][A-Za-z]+)*")
# A link's address is not text a reader reads.
ADDRESS = re.compile(r"\]\([^)]*\)|<?https?://[^\s>)]+>?")
# Languages written in another script, whose texts are searched for Latin words.
NON_LATIN = {"ru", "kk"}


@dataclass(frozen=True)
class LanguageReport:
    language: str
    untranslated: list[str] = field(default_factory=list)  # story fields shown in the original language
    latin: list[tuple[str, list[str]]] = field(default_factory=list)  # (where, the Latin words)
    map_names: list[str] = field(default_factory=list)  # "layer:feature (the name shown instead)"
    interface: list[str] = field(default_factory=list)  # interface strings shown in English

    @property
    def count(self) -> int:
        return len(self.untranslated) + len(self.latin) + len(self.map_names) + len(self.interface)


def reader_texts(story: Story) -> list[tuple[str, str]]:
    """Every text a reader reads in the story's own words (not the titles of the works it cites, nor quotations)."""
    texts = [("title", story.title), ("subtitle", story.subtitle or ""), ("content_note", story.content_note or "")]
    texts += [(f"glossary[{i}]", f"{term.term} {term.definition}") for i, term in enumerate(story.glossary)]
    for i, step in enumerate(story.steps):
        where = f"steps[{i}]"
        texts += [(f"{where}.title", step.title), (f"{where}.body", step.body), (f"{where}.view.alt", step.view.alt)]
        texts += [(f"{where}.content_note", step.content_note or "")]
        texts += [(f"{where}.discussion[{n}]", question) for n, question in enumerate(step.discussion)]
        texts.append((f"{where}.speaker_notes", step.speaker_notes or ""))
        for n, check in enumerate(step.check):
            texts += [(f"{where}.check[{n}].question", check.question), (f"{where}.check[{n}].explain", check.explain)]
        texts += [(f"{where}.places[{n}].name", place.name) for n, place in enumerate(step.places)]
        texts += [(f"{where}.other_sources[{n}].text", note.text) for n, note in enumerate(step.other_sources)]
        if step.quote and step.quote.translation:
            texts.append((f"{where}.quote.translation", step.quote.translation))
        for n, item in enumerate(step.media):
            texts += [(f"{where}.media[{n}].caption", item.caption), (f"{where}.media[{n}].alt", item.alt or "")]
            texts.append((f"{where}.media[{n}].transcript", item.transcript or ""))
    return [(where, text) for where, text in texts if text]


def latin_words(text: str, known: frozenset[str] = frozenset()) -> list[str]:
    words = LATIN_WORD.findall(ADDRESS.sub(" ", text))
    return [word for word in dict.fromkeys(words) if word not in known]


def cited_names(story: Story) -> frozenset[str]:
    """The words of the names the story cites (outlets, publishers, authors, speakers): proper names a
    translation keeps in their own letters, left out of the report."""
    names = [story.source.outlet, story.source.author or ""] if story.source else []
    for step in story.steps:
        sources = [*step.sources, *(source for note in step.other_sources for source in note.sources)]
        names += [source.publisher or "" for source in sources]
        if step.quote:
            names += [step.quote.speaker or "", step.quote.source]
    return frozenset(word for name in names for word in LATIN_WORD.findall(name))


@cache
def interface_strings() -> tuple[str, ...]:
    """Every interface string the code marks (the template, `make messages`)."""
    with (LOCALE_DIR / f"{DOMAIN}.pot").open("rb") as handle:
        return tuple(str(message.id) for message in read_po(handle) if message.id and isinstance(message.id, str))


def language_report(shown: Story, untranslated: frozenset[str], catalog: LayerCatalog) -> LanguageReport:
    """What a reader of `shown.language` still meets in another language, in the story shown to them."""
    language = shown.language
    report = LanguageReport(language, untranslated=sorted(untranslated))
    if language in NON_LATIN:
        known = cited_names(shown)
        for where, text in reader_texts(shown):
            if where not in untranslated and (words := latin_words(text, known)):
                report.latin.append((where, words))
    layers = {ref.id for step in shown.steps for ref in step.layers} | {BASEMAP_LAYER}
    for layer_id in sorted(layers & set(catalog.layers)):
        for feature in catalog.layers[layer_id].features.values():
            if language != "en" and language not in feature.names:
                report.map_names.append(f"{layer_id}:{feature.id} ({feature.name})")
    if language != "en":
        translated = _messages(language)
        report.interface.extend(message for message in interface_strings() if message not in translated)
    return report
