"""Tessera's content core: workspaces, lessons, curated items, rendering and checks.

Nothing in this package imports Qt; the GUI and the CLI in ``app/`` both drive it.
"""
