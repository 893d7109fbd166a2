"""The LMS test bench: a package played against a recording SCORM API or an in-process LRS,
with a scripted learner, judged against the rules of docs/packages.md. Qt-free; the records are
data a GUI can show as a live log (see ``records.py``)."""

from publishing.testbench.records import (
    ApiCall,
    BenchReport,
    Commit,
    Observation,
    Record,
    Rule,
    StatementRecord,
    Violation,
)

__all__ = ["ApiCall", "BenchReport", "Commit", "Observation", "Record", "Rule", "StatementRecord",
           "Violation"]
