"""The story format core: the model, dates, the YAML reader, the loader and checker, translations, story files.

Nothing here imports folium, jinja2, geopandas, matplotlib or fpdf2: checking a story
(`python -m story check`) loads only this package and the geodata catalog.
"""
