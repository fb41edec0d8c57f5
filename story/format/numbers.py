"""Numbers written the English way in a translation: "2,000" in a Russian or Kazakh text.

Russian and Kazakh group thousands with a space (a no-break space, so that the number
never breaks over two lines: "2 030") and write decimals with a comma ("1,5"). A comma
or a point before three digits is then an English number left in the text. These are
warnings (`python -m story check`); `--strict` makes them errors.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from story.format.messages import say
from story.format.problems import FieldPath, Problem, format_field
from story.format.yamlsource import SourceMap, read_yaml

# What parts the groups of thousands in each language we check (the ones whose convention we know).
THOUSANDS: dict[str, str] = {"ru": "space", "kk": "space"}
ENGLISH_NUMBER = re.compile(r"(?<![\d.,])\d{1,3}(?:[,.]\d{3})+(?![\d,.]?\d)")
# The groups of a number parted by an ordinary space ("7 000"): the right way, but the number can break
# over two lines.
BREAKABLE_NUMBER = re.compile(r"(?<![\d,.\u00a0])\d{1,3}(?: \d{3})+(?![\d\u00a0])")
# A number and its unit or its "million": one on each line would read as two things.
NUMBER_AND_UNIT = re.compile(r"(?<=\d) (?=(?:%|км|кг|млн|млрд|тыс\.|миллион\w*|миллиард\w*)(?!\w))")
# Fields that are not the story's own words: addresses, ids, and the titles of the works it cites.
_SKIP_KEYS = {"url", "id", "translation_of", "language", "sources", "date", "geonames_id"}


def _texts(data: object, path: FieldPath = ()) -> Iterator[tuple[FieldPath, str]]:
    if isinstance(data, dict):
        for key, value in data.items():
            if key not in _SKIP_KEYS:
                yield from _texts(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _texts(value, (*path, index))
    elif isinstance(data, str):
        yield path, data


def number_warnings(data: object, source_map: SourceMap, name: str, language: str) -> list[Problem]:
    """A warning for each number a text in `language` writes the English way."""
    grouping = THOUSANDS.get(language)
    if grouping is None:
        return []
    found = []
    for path, text in _texts(data):
        for match in ENGLISH_NUMBER.finditer(text):
            line, column = source_map.locate(path)
            # Shown with a plain space: a message prints a no-break space as an escape.
            written = match.group(0).replace(",", " ").replace(".", " ")
            message = say(
                "'{number}' is written the English way; write '{written}', the groups "
                "of thousands parted by a no-break space",
                number=match.group(0),
                written=written,
            )
            found.append(Problem.of(name, (line, column), format_field(path), message, warning=True))
    return found


def no_break(text: str) -> str:
    """`text` with a no-break space inside each number ("7 000") and between a number and its unit ("1,3 млн")."""
    text = BREAKABLE_NUMBER.sub(lambda match: match.group(0).replace(" ", "\u00a0"), text)
    return NUMBER_AND_UNIT.sub("\u00a0", text)


def breakable_number_warnings(data: object, source_map: SourceMap, name: str, language: str) -> list[Problem]:
    """A warning for each number whose groups are parted by an ordinary space, in a language that groups them."""
    if language not in THOUSANDS:
        return []
    found = []
    for path, text in _texts(data):
        for match in BREAKABLE_NUMBER.finditer(text):
            line, column = source_map.locate(path)
            message = say(
                "'{number}' can break over two lines; part its groups with a no-break space "
                "(python -m story no-break FILE does it)",
                number=match.group(0),
            )
            found.append(Problem.of(name, (line, column), format_field(path), message, warning=True))
    return found


def translation_number_warnings(path: Path, language: str) -> list[Problem]:
    data, source_map = read_yaml(path.read_bytes(), str(path))
    return number_warnings(data, source_map, str(path), language) + breakable_number_warnings(
        data, source_map, str(path), language
    )
