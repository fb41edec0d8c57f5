"""Geodata layers: the committed GeoJSON, the build that makes it, and the catalog that reads it."""
