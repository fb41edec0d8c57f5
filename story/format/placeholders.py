"""The template's example sources left in a story: a warning, so that `check --strict` refuses them.

The template (story/template*.yaml) shows how a source is written with sources that do not exist:
addresses on example.org (or .com, .net, reserved for examples) and titles such as "Title of a book,
article or web page you used". A story that still cites them plays, but must not be published:
the checker names each one (a warning), and `python -m story check --strict` fails until they are
replaced. docs/authoring.md says so.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

from story.format.messages import say
from story.format.model import Story
from story.format.problems import FieldPath, Problem, format_field
from story.format.yamlsource import SourceMap

# Reserved for examples (RFC 2606): no real source lives there.
EXAMPLE_HOSTS = ("example.org", "example.com", "example.net")

# The titles, outlets and publishers of the template's example sources, in each of its languages.
PLACEHOLDER_TEXTS = frozenset(
    text.casefold()
    for text in (
        # story/template.yaml
        "Title of the article your story retells",
        "Newspaper, magazine or website that published it",
        "Title of a book, article or web page you used",
        "Who published it",
        "A print source with no web address needs only a title (and, for the checker, a kind)",
        # story/template-ru.yaml
        "Заголовок статьи, которую пересказывает ваша история",
        "Газета, журнал или сайт, где она вышла",
        "Название книги, статьи или страницы, которой вы пользовались",
        "Кто это опубликовал",
        "Печатному источнику без адреса в интернете нужно только название (и, для проверки, вид)",
        # story/template-kk.yaml
        "Сіздің баяныңыз айтып беретін мақаланың тақырыбы",
        "Оны жариялаған газет, журнал немесе сайт",
        "Сіз пайдаланған кітаптың, мақаланың немесе веб-беттің атауы",
        "Оны кім жариялады",
        "Интернет мекенжайы жоқ баспа дереккөзіне тек атауы керек (және тексеру үшін түрі)",
    )
)


def is_example_address(url: str | None) -> bool:
    """Whether `url` is on a host reserved for examples (example.org and its subdomains)."""
    host = (urlsplit(url).hostname or "").lower().rstrip(".") if url else ""
    return any(host == example or host.endswith("." + example) for example in EXAMPLE_HOSTS)


def is_placeholder_text(text: str | None) -> bool:
    return bool(text) and str(text).strip().casefold() in PLACEHOLDER_TEXTS


def _cited(story: Story) -> Iterator[tuple[FieldPath, str | None, tuple[str | None, ...]]]:
    """Every source the story cites: its field, its address, and its texts a placeholder could be."""
    if story.source is not None:
        yield ("source",), story.source.url, (story.source.title, story.source.outlet)
    for number, credit in enumerate(story.credits):
        yield ("credits", number), credit.url, ()
    for index, step in enumerate(story.steps):
        at: FieldPath = ("steps", index)
        for number, source in enumerate(step.sources):
            yield (*at, "sources", number), source.url, (source.title, source.publisher)
        for note, other in enumerate(step.other_sources):
            for number, source in enumerate(other.sources):
                yield (*at, "other_sources", note, "sources", number), source.url, (source.title, source.publisher)
        if step.figure is not None:
            for row, value in enumerate(step.figure.data):
                source = value.source
                yield (*at, "figure", "data", row, "source"), source.url, (source.title, source.publisher)
        for number, item in enumerate(step.media):
            yield (*at, "media", number), item.url, ()


def placeholder_warnings(story: Story, source_map: SourceMap, name: str) -> list[Problem]:
    """A warning at each source that is still one of the template's examples."""
    found = []
    for path, url, texts in _cited(story):
        if is_example_address(url) or any(is_placeholder_text(text) for text in texts):
            line, column = source_map.locate(path)
            said = say("replace the template's example source with one you used (or remove it)")
            found.append(Problem.of(name, (line, column), format_field(path), said, warning=True))
    return found
