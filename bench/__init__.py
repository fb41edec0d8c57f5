"""`make bench`: the story map measured against a bare Streamlit floor, in the same run.

Figures are measured, never asserted: this package is not part of the test suite.
See docs/performance.md for what is measured and how.
"""
