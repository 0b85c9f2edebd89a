"""Limits on sources, kept apart from the models so the command line can start fast."""

DEFAULT_MAX_DIMENSIONS = 60
DEFAULT_MAX_SOURCE_KIB = 1024
DEFAULT_TIMEOUT = 120.0  # seconds one output may take to render
