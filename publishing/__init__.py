"""Tessera's shipping core: the learner player page, package builders, preflight, connectors.

Qt-free; depends on ``editor`` only.
"""
