"""Plain HTML5: the lesson pages as a folder (or zip) that works from any web server or from disk.

One lesson is ``index.html`` with its media; a course adds an ``index.html`` that lists its
lessons and links. Nothing is recorded (the player keeps progress in the page only); curated
links get their page with an "Open" button like in every other format.
"""

from __future__ import annotations

from publishing.packages.course import Course
from publishing.packages.pages import add_unit, course_page
from publishing.packages.registry import PackageFormat
from publishing.packages.zipwriter import PackageContents
from publishing.preflight import FormatRules


def build(course: Course) -> PackageContents:
    contents = PackageContents()
    for unit in course.units:
        # Opened from disk as often as from a server: captions travel inside the page.
        add_unit(contents, course, unit, "none", captions_inline=True)
    if not course.single:
        contents.add_text("index.html", course_page(course))
    return contents


FORMAT = PackageFormat("html", "HTML5", build, FormatRules(records_results=False), folder_output=True)
