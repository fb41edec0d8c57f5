"""What people make, kept where a restart does not lose it: the data folder and its store."""
