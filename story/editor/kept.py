"""What the editor tells a teacher about the store: a change it could not keep, a draft it cannot find.

Pure wording over the store's answers (story/store/drafts.py), in the reader's language.
"""

from __future__ import annotations

from datetime import UTC, datetime

from story.format.dates import parse_story_date
from story.reader.dates import format_story_date
from story.reader.i18n import Translator
from story.store.drafts import Absence, Missing, Outcome, PutResult


def _megabytes(limit: int) -> int:
    return max(1, limit // 1_000_000)


def refusal_reason(result: PutResult, tr: Translator) -> str | None:
    """Why a draft was not kept, as the end of a sentence; None when it was kept."""
    if result.kept:
        return None
    if result.outcome is Outcome.TOO_BIG:
        return tr.gettext("the story file is larger than {size} MB").format(size=_megabytes(result.limit))
    if result.outcome is Outcome.FILES_TOO_BIG:
        return tr.gettext("with its pictures, the story is larger than {size} MB").format(size=_megabytes(result.limit))
    return tr.gettext("the server's storage is full or busy")


def not_kept(result: PutResult, tr: Translator) -> str | None:
    """The editor's warning for a change the store refused; None when it was kept."""
    reason = refusal_reason(result, tr)
    if reason is None:
        return None
    return tr.gettext(
        "Your latest changes are not kept on the server: {reason}. A reload would open the draft as it was "
        "before them; download it to keep your work."
    ).format(reason=reason)


def saved_on(saved_at: float, language: str) -> str:
    """The day a draft was last saved, as the story's own dates are written in `language`."""
    day = datetime.fromtimestamp(saved_at, UTC).date()
    return format_story_date(parse_story_date(day.isoformat()), language)


def draft_missing(absence: Absence | None, tr: Translator) -> str | None:
    """What the editor says when this browser's draft is gone; None when there is nothing to say
    (the draft is there, or this browser never had one)."""
    if absence is None or absence.reason is Missing.NEVER_SEEN:
        return None
    when = saved_on(absence.saved_at, tr.language) if absence.saved_at else "?"
    if absence.reason is Missing.EXPIRED:
        text = tr.gettext(
            "Your draft from {date} could not be found: it was left unchanged too long and expired. "
            "The app's story is open instead."
        )
    elif absence.reason is Missing.EVICTED:
        text = tr.gettext(
            "Your draft from {date} could not be found: it was removed to make room for newer drafts. "
            "The app's story is open instead."
        )
    else:
        text = tr.gettext("Your draft from {date} was removed. The app's story is open instead.")
    return text.format(date=when)


def preview_missing(absence: Absence | None, tr: Translator) -> str:
    """What the story page says when `?preview=` names no draft it can play."""
    reason = absence.reason if absence else Missing.NEVER_SEEN
    if reason is Missing.EXPIRED:
        return tr.gettext(
            "This preview of a draft has expired (previews are kept for a day); showing the story. "
            "Press Play the story in the editor again."
        )
    if reason is Missing.EVICTED:
        return tr.gettext(
            "This preview of a draft was removed to make room for newer ones; showing the story. "
            "Press Play the story in the editor again."
        )
    return tr.gettext("This preview of a draft is no longer kept; showing the story.")
