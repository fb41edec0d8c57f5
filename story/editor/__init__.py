"""The editor's pure parts: a story file as an editable document, its problems by field, and drafts.

`draft.py` edits a story file's YAML as a tree that keeps its comments and key order, so a file
saved without changes is the file as it was; `store.py` keeps each teacher's draft, bounded,
under a token their browser holds. The page is the components/editor/ package.
"""
