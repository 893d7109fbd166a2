"""Words every feature shows: file sizes in the unit a person expects."""

from __future__ import annotations

import pytest

from app.kit.format import file_size


@pytest.mark.parametrize(("size", "shown"), [
    (0, "0 bytes"), (1, "1 byte"), (999, "999 bytes"), (1000, "1 KB"), (25 * 1024, "25 KB"),
    (25_600, "25 KB"), (1023 * 1024, "1.0 MB"), (1024 ** 2 * 3.44, "3.4 MB"), (1024 ** 2 * 120, "120 MB"),
    (1024 ** 3 * 1.2, "1.2 GB"), (1024 ** 4 * 2, "2048 GB"),
])
def test_sizes_use_the_unit_that_fits(size: float, shown: str) -> None:
    assert file_size(int(size)) == shown
