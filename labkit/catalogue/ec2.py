"""ec2 tasks: placeholder until they land (issue 4)."""
