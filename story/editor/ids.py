"""Ids made from titles and names in any script: a step's address (`?step=katok-medeu`), a place's id.

Latin letters, digits and dashes (the format's `Slug`), transliterated by python-slugify: Russian and
Kazakh Cyrillic, Greek, Chinese... all give Latin letters, where the format's own `slugify` (ASCII
after Unicode decomposition) drops every Cyrillic letter and left the editor with `step`, `step-2`.

When an id follows its title (the rule the editor keeps, docs/authoring.md): an id the opened file
already had is published, and never changes with its title; an id the editor made for a step or
place added in this draft follows its title while it is still the id made from its title (one the
teacher typed herself stays).
"""

from __future__ import annotations

import functools
from collections.abc import Collection

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from slugify import slugify as transliterate

# Short enough to read in an address; a long title is cut at a word.
ID_MAX = 40
STEP_FALLBACK = "step"
PLACE_FALLBACK = "place"

# Kazakh letters text-unidecode drops (ә) or spells as Russian would (қ as k): here as in the
# Kazakh Latin alphabet without its marks (Қаңтар -> qantar, as this project is named).
KAZAKH = (
    ("ә", "a"),
    ("Ә", "A"),
    ("ғ", "g"),
    ("Ғ", "G"),
    ("қ", "q"),
    ("Қ", "Q"),
    ("ң", "n"),
    ("Ң", "N"),
    ("ө", "o"),
    ("Ө", "O"),
    ("ұ", "u"),
    ("Ұ", "U"),
    ("ү", "u"),
    ("Ү", "U"),
    ("һ", "h"),
    ("Һ", "H"),
    ("і", "i"),
    ("І", "I"),
)


def base_id(title: str, fallback: str = STEP_FALLBACK) -> str:
    """The id a title makes before it is made unique: `fallback` when it has no letter or digit at all."""
    apostrophes_joined = title.replace("'", "").replace("’", "").replace("‘", "")  # "king's" is "kings"
    made = transliterate(apostrophes_joined, replacements=KAZAKH, replacement_stage="pre").strip("-")
    if len(made) > ID_MAX:  # cut at the last whole word that fits (slugify's own cut skips words)
        cut = made[: ID_MAX + 1].rsplit("-", 1)[0]
        made = cut if "-" in made[: ID_MAX + 1] else made[:ID_MAX]
    return made.strip("-") or fallback


def id_from_title(title: str, taken: Collection[str], fallback: str = STEP_FALLBACK) -> str:
    """A short Latin id made from `title` that is not in `taken` (`katok-medeu`, then `katok-medeu-2`)."""
    base = base_id(title, fallback)
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def made_from(current: str, title: str, fallback: str = STEP_FALLBACK) -> bool:
    """Whether `current` is the id `title` made (as it is, or numbered to be unique): not one typed by hand."""
    base = base_id(title, fallback)
    return current == base or (current.startswith(base + "-") and current[len(base) + 1 :].isdigit())


def follows_title(
    current: str,
    old_title: str,
    published: Collection[str],
    examples: Collection[str] = (),
    fallback: str = STEP_FALLBACK,
) -> bool:
    """Whether an id changes with its title: never once published (in the file as it was opened),
    otherwise while it is still the id its old title made. A template's ids (`examples`) are no one's
    yet: a step of a new story follows its title from the first edit."""
    if current in examples:
        return True
    return current not in published and made_from(current, old_title, fallback)


@functools.lru_cache(maxsize=8)
def ids_in_file(raw: bytes) -> frozenset[str]:
    """The ids of the steps and places a story file has (none when it cannot be read): what is published.
    Reading a whole story takes a second or two: `ids_in_tree` where the file's tree is at hand."""
    try:
        tree = YAML(typ="safe").load(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, YAMLError):
        return frozenset()
    return ids_in_tree(tree)


def ids_in_tree(tree: object) -> frozenset[str]:
    """The ids of the steps and places of a story's tree (as read from its file)."""
    steps = tree.get("steps") if isinstance(tree, dict) else None
    found: set[str] = set()
    for step in steps if isinstance(steps, list) else []:
        if not isinstance(step, dict):
            continue
        found.add(str(step.get("id", "")))
        places = step.get("places")
        found.update(str(place.get("id", "")) for place in places or [] if isinstance(place, dict))
    return frozenset(found - {""})
