"""Stories as data: the format, its loader and checker, and the tools around it."""
