"""mtcheck: finds what machine translation leaves behind in news text."""

__version__ = "0.1.0"
