"""A translation file to start from: the original's structure with its texts to replace."""

from __future__ import annotations

from story.format.model import ChoiceCheck, OrderCheck, Story
from story.format.translation.check import story_publishers


def translation_template(original: Story, original_name: str, language: str) -> dict:
    """A translation file to start from: the structure, with the original text to replace."""
    steps = []
    for step in original.steps:
        entry: dict = {"id": step.id, "title": step.title, "body": step.body, "view": {"alt": step.view.alt}}
        entry["places"] = [
            {"id": place.key, "name": place.name} | ({"note": place.note} if place.note else {})
            for place in step.places
        ]
        entry["layers"] = [ref.id for ref in step.layers]
        entry["sources"] = [{"url": source.url, "title": source.title} for source in step.sources]
        if step.other_sources:
            entry["other_sources"] = [{"text": note.text} for note in step.other_sources]
        if step.quote:
            entry["quote"] = {"translation": step.quote.text}
        if step.media:
            entry["media"] = [
                {
                    key: value
                    for key in ("caption", "alt", "transcript", "credit")
                    if (value := getattr(item, key)) is not None
                }
                for item in step.media
            ]
        if step.figure:
            figure: dict = {"title": step.figure.title}
            if step.figure.unit:
                figure["unit"] = step.figure.unit
            if step.figure.caption:
                figure["caption"] = step.figure.caption
            figure["data"] = [{"label": row.label} if row.label else {} for row in step.figure.data]
            entry["figure"] = figure
        if step.discussion:
            entry["discussion"] = list(step.discussion)
        if step.check:
            entry["check"] = [
                {"question": check.question, "explain": check.explain}
                | ({"choices": list(check.choices)} if isinstance(check, ChoiceCheck) else {})
                | ({"order": list(check.order)} if isinstance(check, OrderCheck) else {})
                for check in step.check
            ]
        if step.content_note:
            entry["content_note"] = step.content_note
        if step.speaker_notes:
            entry["speaker_notes"] = step.speaker_notes
        steps.append(entry)
    return {
        "translation_of": original_name,
        "language": language,
        "title": original.title,
        "subtitle": original.subtitle,
        "note": "Translated for this project; corrections are welcome (see docs/translating.md).",
        **(
            {"source": {"author": original.source.author, "outlet": original.source.outlet}}
            if original.source and original.source.author
            else {}
        ),
        "credits": [{"text": credit.text} for credit in original.credits],
        "publishers": {name: name for name in story_publishers(original)},
        **({"content_note": original.content_note} if original.content_note else {}),
        **(
            {
                "glossary": [
                    {"id": term.id, "term": term.term, "definition": term.definition, "forms": list(term.forms)}
                    for term in original.glossary
                ]
            }
            if original.glossary
            else {}
        ),
        **(
            {"lessons": [{"id": lesson.id, "title": lesson.title} for lesson in original.lessons]}
            if original.lessons
            else {}
        ),
        "steps": steps,
    }
