"""The package formats Tessera can build, kept in one registry.

Built-in formats register here exactly as an organisation's own would: a ``PackageFormat`` passed
to ``register_format``. A plug-in package can later do the same from a Python entry point (group
``tessera.package_formats``) without any change to the builders.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from publishing.packages.course import Course, PackageError
from publishing.packages.zipwriter import PackageContents
from publishing.preflight import FormatRules


@dataclass(frozen=True)
class PackageFormat:
    name: str                                   # "scorm12": what --format and check --for take
    title: str                                  # "SCORM 1.2": what people read
    build: Callable[[Course], PackageContents]  # every file of the package
    rules: FormatRules                          # what preflight checks for this format
    suffix: str = ".zip"                        # the usual file name ending
    folder_output: bool = False                 # may be written as a plain folder instead of a zip


FORMATS: dict[str, PackageFormat] = {}


def register_format(package_format: PackageFormat, *, replace: bool = False) -> None:
    """Add a format; an existing name is only replaced when ``replace`` is true."""
    if package_format.name in FORMATS and not replace:
        raise ValueError(f"A package format named {package_format.name!r} is already registered.")
    FORMATS[package_format.name] = package_format


def get_format(name: str) -> PackageFormat:
    try:
        return FORMATS[name]
    except KeyError:
        raise PackageError(f"Unknown package format {name!r}; use one of: {', '.join(sorted(FORMATS))}.") \
            from None
