"""breach: record a personal-data breach, run its legal clocks, and draft what the law asks."""

__version__ = "0.1.0"
