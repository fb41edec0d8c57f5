"""The editor's names in `st.session_state`, in one place, and what their prefixes mean.

- `ed-`: a widget of the draft being edited. Every key with this prefix is dropped when another story
  is opened (session.replace), so no widget carries a value of the old story into the new one.
- `editor-`: the editor's own state, which outlives opening another story (the draft itself, this
  browser's token, the step shown), except `TRANSLATION_OPEN_KEY`, which is dropped by hand.

The drafts kept in the store and the tests name these keys: they do not change.
"""

from __future__ import annotations

DRAFT_KEY = "editor-draft"
DRAFT_FOR_KEY = "editor-draft-for"
TOKEN_KEY = "editor-token"
GENERATION_KEY = "editor-generation"
SIGNED_IN_KEY = "editor-signed-in"
STEP_KEY = "editor-step"
STORY_OPEN_KEY = "editor-story-open"
OPENED_KEY = "editor-opened"  # the teacher opened a story in this session (session.replace)
FOCUS_KEY = "editor-focus"
FIELDS_KEY = "editor-fields"  # the checker's field name -> the key of the widget that edits it, this run
NOT_KEPT_KEY = "editor-not-kept"
MISSING_KEY = "editor-draft-missing"
UNREADABLE_KEY = "editor-store-unreadable"
PREVIEW_ID_KEY = "editor-preview-id"
PREVIEW_KEPT_KEY = "editor-preview-kept"
TRANSLATION_OPEN_KEY = "editor-translation"
TRANSLATION_CHOICE_KEY = "ed-translation-language"
CHECKED_KEY = "editor-checked"  # the checker's last verdict, by the draft's content and folder
CLICK_KEY = "ed-click"  # the map's last click, until a place is added there
