"""mtcheck: finds what machine translation leaves behind in news text."""

__version__ = "0.1.0"

# Exit codes, the same for every command: 0 clean; 1 findings at or above --fail-on (or a
# file changed by fix); 2 a usage, configuration or input error, or a rule out of time;
# 3 a bug in mtcheck.
EXIT_OK, EXIT_FINDINGS, EXIT_ERROR, EXIT_INTERNAL = 0, 1, 2, 3
