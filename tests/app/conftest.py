"""Fixtures every GUI test folder may use."""

from tests.app.themes import themed_app  # noqa: F401 - a fixture, registered by importing it here
