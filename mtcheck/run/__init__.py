"""One invocation over many files: configuration, the checking session, git diffs,
fixing files safely on disk, and the reports and output formats."""
