"""briefing: a one-page, fully cited situation brief from a folder of sources."""

__version__ = "0.1.0"
