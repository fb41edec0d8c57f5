"""What a reader sees of a story: text made safe, interface languages, the narrative of a step, moving through it."""
