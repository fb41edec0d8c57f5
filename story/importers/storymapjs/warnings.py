"""The warnings of an import: the losses many slides share said once, with the slides they concern,
and the header the story file gets."""

from __future__ import annotations

from story.importers.storymapjs.slides import Slide
from story.importers.storymapjs.text import one_line

# What each kind of loss counted by SlideReader.note_grouped says.
GROUPED = {
    "https": "media addresses starting with http:// now start with https:// (a page served over https "
    "shows no http picture); check that each still opens",
    "alt": "pictures without alt text take their caption as alt text: describe what each shows",
    "transcripts": "videos have no transcript: write what is said and shown in `transcript` for those who "
    "cannot hear or see them",
    "background": "background colours are not carried over",
    "markers": "custom marker icons are not carried over: our maps use their own markers",
    "counters": "Instagram counts (likes, posts, followers) are left out: StoryMapJS added them, not the author",
}


def grouped_warnings(grouped: dict[str, list[int]], slides: list[Slide], show_lines: object) -> list[str]:
    """One warning per kind of loss, naming its slides; and the line StoryMapJS drew between places."""
    found = []
    for kind, text in GROUPED.items():
        numbers = grouped.get(kind)
        if numbers:
            found.append(f"{slide_list(numbers)}: {text}")
    has_places = any(slide.location is not None for slide in slides)
    if has_places and show_lines is not False:
        message = "the dashed line StoryMapJS drew from place to place is not carried over: our maps draw no lines"
        hidden = grouped.get("line-false")
        if hidden:
            message += f" ({slide_list(hidden)} had 'line: false', so nothing changes for them)"
        found.append(message)
    return found


def slide_list(numbers: list[int]) -> str:
    """[1, 2, 3, 5] -> "slides 1–3, 5"."""
    numbers = sorted(set(numbers))
    if len(numbers) == 1:
        return f"slide {numbers[0]}"
    ranges: list[str] = []
    start = previous = numbers[0]
    for number in [*numbers[1:], None]:
        if number is not None and number == previous + 1:
            previous = number
            continue
        ranges.append(str(start) if start == previous else f"{start}–{previous}")
        if number is not None:
            start = previous = number
    return "slides " + ", ".join(ranges)


def header_lines(source_name: str, warnings: list[str]) -> list[str]:
    lines = [
        f"Imported from the StoryMapJS story {source_name} by story/importers/storymapjs.",
        "Check it with: python -m story check <this file>",
    ]
    if warnings:
        lines.append(f"{len(warnings)} warning(s): what could not be carried over:")
        lines.extend(f"- {warning}" for warning in warnings)
    else:
        lines.append("Everything was carried over.")
    return [one_line(line) for line in lines]
