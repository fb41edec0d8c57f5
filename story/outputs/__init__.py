"""Outputs beside the app: the single-file offline export and the printable handout."""
