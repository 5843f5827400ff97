"""lambda tasks: placeholder until they land (issue 4)."""
