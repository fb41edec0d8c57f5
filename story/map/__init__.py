"""The map: what each step shows as plain typed data, and the folium map that draws it."""
