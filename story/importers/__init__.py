"""Importers: stories made with other tools, turned into story files."""
