"""What the checker says about a story's sources: hosts to avoid, kinds that break the rule, kinds missing.

These are warnings (the story still plays); `python -m story check --strict` makes them errors.
The hosts and the rule for kinds are a data file, `story/format/data/source-hosts.yaml`, that
anyone can extend; docs/authoring.md explains the rule.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from ruamel.yaml import YAML

from story.format.messages import Message, say, verbatim
from story.format.model import SOURCE_KINDS, Source, Story
from story.format.placeholders import placeholder_warnings
from story.format.problems import FieldPath, Problem, format_field
from story.format.yamlsource import SourceMap, read_yaml

HOSTS_FILE = Path(__file__).resolve().parent / "data" / "source-hosts.yaml"


@cache
def _data() -> dict:
    return YAML(typ="safe", pure=True).load(HOSTS_FILE.read_text(encoding="utf-8"))


@cache
def _hosts() -> tuple[dict[str, str], frozenset[str]]:
    data = _data()
    avoid = {host.lower(): reason for reason, hosts in data["avoid"].items() for host in hosts}
    return avoid, frozenset(host.lower() for host in data["state media"])


@cache
def _funded_hosts() -> frozenset[str]:
    return frozenset(host.lower() for host in _data()["funded by a state"]["hosts"])


@cache
def _funded_names() -> re.Pattern[str]:
    names = "|".join(re.escape(name) for name in _data()["funded by a state"]["names"])
    return re.compile(rf"(?<!\w)({names})(?!\w)")


@cache
def _relayed() -> re.Pattern[str]:
    names = "|".join(re.escape(name) for name in _data()["relayed state media"])
    return re.compile(rf"\b({names})\b")


FUNDER_WORDS = "funded by"


@dataclass(frozen=True)
class KindRule:
    """What the rule for kinds asks of one source: the kinds it may have, and why."""

    kinds: frozenset[str]
    why: Message
    names_its_funder: bool = False
    """The publisher must say who pays for the outlet ("funded by ...")."""


def kind_rule(url: str | None, publisher: str | None) -> KindRule | None:
    """The rule's verdict on a source, from its address and its publisher; None if the rule says nothing.

    A repost of state media is state media, whatever host carries it; an outlet a state runs is
    state media; an outlet a state funds but does not run is independent, and says who funds it.
    """
    host = host_of(url)
    if is_state_media(url):
        return KindRule(frozenset({"state-media", "official"}), say("{host} is state media", host=host))
    relayed = _relayed().search(publisher or "")
    if relayed:
        return KindRule(
            frozenset({"state-media", "official"}), say("it relays {outlet}, state media", outlet=relayed.group(1))
        )
    if host and any(_matches(host, listed) for listed in _funded_hosts()):
        return KindRule(
            frozenset({"independent"}), say("{outlet} is funded by a state, not run by it", outlet=host), True
        )
    funded = _funded_names().search(publisher or "")
    if funded:
        why = say("{outlet} is funded by a state, not run by it", outlet=funded.group(1))
        return KindRule(frozenset({"independent"}), why, True)
    return None


def kind_problem(url: str | None, publisher: str | None, kind: str | None) -> str | None:
    """Why a source's kind (or publisher) breaks the rule for kinds, or None."""
    message = kind_message(url, publisher, kind)
    return None if message is None else str(message)


def kind_message(url: str | None, publisher: str | None, kind: str | None) -> Message | None:
    """`kind_problem` as a message of the checker."""
    rule = kind_rule(url, publisher)
    if rule is None or kind is None:
        return None
    if kind not in rule.kinds:
        if "state-media" in rule.kinds:
            return say("{why}: its kind is state-media (or official)", why=rule.why)
        return say("{why}: its kind is {kinds}", why=rule.why, kinds=" or ".join(sorted(rule.kinds)))
    if rule.names_its_funder and FUNDER_WORDS not in (publisher or ""):
        return say("{why}: its publisher says who pays (funded by ...)", why=rule.why)
    return None


def _matches(host: str, listed: str) -> bool:
    return host == listed or host.endswith("." + listed)


def host_of(url: str | None) -> str:
    return (urlsplit(url).hostname or "").lower().rstrip(".") if url else ""


def avoided(url: str | None) -> str | None:
    """Why a source's address does not belong in a teaching resource, or None."""
    host = host_of(url)
    avoid, _ = _hosts()
    return next((reason for listed, reason in avoid.items() if host and _matches(host, listed)), None)


def is_state_media(url: str | None) -> bool:
    host = host_of(url)
    return bool(host) and any(_matches(host, listed) for listed in _hosts()[1])


def _sources(story: Story) -> Iterator[tuple[FieldPath, Source]]:
    for index, step in enumerate(story.steps):
        for number, source in enumerate(step.sources):
            yield ("steps", index, "sources", number), source
        for note_index, note in enumerate(step.other_sources):
            for number, source in enumerate(note.sources):
                yield ("steps", index, "other_sources", note_index, "sources", number), source
        if step.figure is not None:
            for row_index, row in enumerate(step.figure.data):
                yield ("steps", index, "figure", "data", row_index, "source"), row.source


def source_warnings(story: Story, source_map: SourceMap, name: str) -> list[Problem]:
    """Every source on a host to avoid, state media not labelled as such, and sources without a kind."""
    found: list[Problem] = []

    def warn(path: FieldPath, message: Message) -> None:
        found.append(Problem.of(name, source_map.locate(path), format_field(path), message, warning=True))

    kinds = ", ".join(SOURCE_KINDS)
    if story.source is not None and story.source.kind is None:
        warn(("source",), say("the article has no kind; say what it is: {kinds}", kinds=kinds))
    for path, source in _sources(story):
        reason = avoided(source.url)
        if reason is not None:
            warn(
                (*path, "url"),
                say(
                    "{host} is a {reason}: cite the original outlet ({file})",
                    host=host_of(source.url),
                    reason=verbatim(reason),
                    file=HOSTS_FILE.name,
                ),
            )
        if source.kind is None:
            warn(path, say("the source has no kind; say what it is: {kinds}", kinds=kinds))
        elif (problem := kind_message(source.url, source.publisher, source.kind)) is not None:
            # A funded outlet with the right kind is missing only its funder, which the publisher names.
            field = (
                "publisher"
                if source.publisher and FUNDER_WORDS in str(problem) and source.kind == "independent"
                else "kind"
            )
            warn((*path, field), problem)
    return found + placeholder_warnings(story, source_map, name)


def story_source_warnings(path: Path, story: Story) -> list[Problem]:
    """`source_warnings` for a story file already loaded as `story` (its lines read again)."""
    _, source_map = read_yaml(path.read_bytes(), str(path))
    return source_warnings(story, source_map, str(path))
