"""The format's base: the strict model every part of a story is, and its two kinds of text."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints

# The sizes of the format's text fields, here once: importers and editors cut text to them.
TEXT_MAX = 300
LONG_TEXT_MAX = 20_000

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=TEXT_MAX)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=LONG_TEXT_MAX)]


class StrictModel(BaseModel):
    # Numbers become text where text is expected: `title: 1991` means "1991". The docstring
    # under each field is its description in the JSON Schema and in docs/story-format.md.
    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        str_strip_whitespace=True,
        coerce_numbers_to_str=True,
        use_attribute_docstrings=True,
    )
