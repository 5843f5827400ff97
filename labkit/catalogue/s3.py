"""s3 tasks: placeholder until they land (issue 4)."""
