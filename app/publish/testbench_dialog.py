"""*Publish → Test in a simulated LMS*: the built package, played by the author in the app's web engine
against Tessera's recording LMS, with a live log and a verdict.

SCORM 1.2 / 2004 play inside the bench's LMS page (a recording ``API`` / ``API_1484_11`` that keeps
the standard's session rules and hands saved data to the next launch); cmi5 is launched like an LMS
does (LMS.LaunchData, a one-time fetch URL) against the bench's in-process LRS. The author can reload
the lesson's page and relaunch it with the saved data, which is where packages break in real LMSs.
*Run scripted learner* plays the same package headless (``run_test_bench``) off the UI thread.

The package is built off the UI thread. Records arrive on the bench server's threads and reach the
widgets through a queued signal. Every server is stopped and every temporary file removed on close.
"""

from __future__ import annotations

import html
import json
import tempfile
import uuid
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING

from app.kit.qt import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QObject,
    QPushButton,
    QSplitter,
    Qt,
    QTimer,
    QUrl,
    QVBoxLayout,
    QWidget,
    Signal,
    is_alive,
)
from app.kit.tasks import TaskRunner
from app.kit.theme import Role, set_role
from app.publish.testbench_log import BenchLog
from publishing.testbench.records import BenchReport, Observation, Record, Violation

if TYPE_CHECKING:
    from publishing.testbench.server import BenchServer

FORMATS = {"scorm2004": "SCORM 2004", "scorm12": "SCORM 1.2", "cmi5": "cmi5"}
CLOSE_PAUSE_MS = 500         # a closed lesson's last calls (Terminate, terminated) land before the relaunch
JUDGE_DELAY_MS = 250         # records come in bursts: judge once the burst is over


class RecordRelay(QObject):
    """Hands records from the bench server's threads to the UI thread (a queued connection), each with
    the session it belongs to: a stopped session's last calls may still be on their way."""

    arrived = Signal(int, object)    # (session generation, Record)

    def sender_for(self, generation: int) -> Callable[[Record], None]:
        def send(record: Record) -> None:
            if is_alive(self):          # the dialog may be gone while a server thread still reports
                self.arrived.emit(generation, record)
        return send


class TestBenchDialog(QDialog):
    """One simulated LMS for ``lessons`` (one lesson, or the parts of a course)."""

    __test__ = False              # not a pytest test class, whatever its name says

    def __init__(self, lessons: Sequence[Path], title: str, parent: QWidget | None = None,
                 fmt: str = "scorm2004") -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Test in a simulated LMS — {title}")
        self.resize(1400, 860)
        self.lessons = [Path(lesson) for lesson in lessons]
        self.title = title
        self.runner = TaskRunner(self)
        self.relay = RecordRelay(self)
        self.relay.arrived.connect(self._arrived)
        self.server: BenchServer | None = None
        self.folder: Path | None = None
        self.format = fmt
        self.launches = 0
        self.scripted_report: BenchReport | None = None
        self._session = ExitStack()      # the running server and its temporary package folder
        self._generation = 0             # a build or run that finishes after a restart is ignored
        self._registration = ""
        self._activity_id = ""
        self._judge_timer = QTimer(self)
        self._judge_timer.setSingleShot(True)
        self._judge_timer.setInterval(JUDGE_DELAY_MS)
        self._judge_timer.timeout.connect(self._judge)
        self._build()
        self.restart()

    # -- construction -----------------------------------------------------------------------------------
    def _build(self) -> None:
        from app.kit.qt_web import QWebEngineScript, QWebEngineView
        from publishing.testbench.engine import REPORT_DISMISSAL

        self.format_choice = QComboBox()
        for value, name in FORMATS.items():
            self.format_choice.addItem(name, value)
        self.format_choice.setCurrentIndex(self.format_choice.findData(self.format))
        self.format_choice.setToolTip("The standard the package is built for and the LMS speaks")
        self.format_choice.currentIndexChanged.connect(lambda _index: self.restart())
        self.start_over_button = QPushButton("Start &over")
        self.start_over_button.setToolTip("A fresh build in an empty LMS: launch 1, no saved data")
        self.start_over_button.clicked.connect(self.restart)
        self.reload_button = QPushButton("&Reload page")
        self.reload_button.setToolTip("Reload the lesson's page, as a learner pressing F5 would")
        self.relaunch_button = QPushButton("Re&launch with saved data")
        self.relaunch_button.setToolTip("Close the lesson and open it again from the LMS, which hands back "
                                        "what it stored")
        self.scripted_button = QPushButton("Run scripted lear&ner")
        self.scripted_button.setToolTip("Play the package headless: answer, reload, relaunch, finish and "
                                        "exit, then judge what the LMS stored")
        self.reload_button.clicked.connect(self.reload_page)
        self.relaunch_button.clicked.connect(self.relaunch)
        self.scripted_button.clicked.connect(self.run_scripted_learner)
        tools = QHBoxLayout()
        label = QLabel("&Standard:")
        label.setBuddy(self.format_choice)
        for widget in (label, self.format_choice, self.start_over_button, self.reload_button,
                       self.relaunch_button):
            tools.addWidget(widget)
        tools.addStretch(1)
        tools.addWidget(self.scripted_button)

        self.view = QWebEngineView()
        script = QWebEngineScript()          # a lesson page tells the bench LMS when it is dismissed
        script.setName("tessera-bench-dismissal")
        script.setSourceCode(REPORT_DISMISSAL)
        script.setInjectionPoint(QWebEngineScript.InjectionPoint.DocumentCreation)
        script.setWorldId(QWebEngineScript.ScriptWorldId.MainWorld)
        script.setRunsOnSubFrames(True)
        self.view.page().scripts().insert(script)
        self.view.loadFinished.connect(self._page_loaded)
        self.log = BenchLog()
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.view)
        split.addWidget(self.log)
        split.setSizes([760, 640])
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.close_button = QPushButton("Close")
        self.close_button.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(tools)
        layout.addWidget(split, 1)
        layout.addLayout(bottom)

    # -- a session: build, serve, launch ----------------------------------------------------------------
    def restart(self) -> None:
        """Stop what runs, build the package for the chosen standard off the UI thread, and launch it."""
        from publishing.testbench.engine import unpacked_package

        self._stop()
        self.format = str(self.format_choice.currentData())
        self.log.clear()
        self._show_note("Building the package…")
        self._set_busy(f"Building the {FORMATS[self.format]} package…")
        work = Path(self._session.enter_context(tempfile.TemporaryDirectory(
            prefix="tessera-bench-", ignore_cleanup_errors=True)))
        lessons, fmt, title, generation = list(self.lessons), self.format, self.title, self._generation
        # The failure handler is given to start(): connected after it, a quick failure went unheard.
        self.runner.start(lambda _progress, _cancel: unpacked_package(lessons, fmt, work, title=title),
                          lambda folder: self._built(generation, folder),
                          lambda message: self._build_failed(generation, message))

    def _built(self, generation: int, folder: Path) -> None:
        from publishing.testbench.server import running_bench_server

        if generation != self._generation:
            return
        self.folder = folder
        serve = running_bench_server(folder, self.relay.sender_for(generation))
        self.server = self._session.enter_context(serve)
        self._registration = str(uuid.uuid4())
        self._activity_id = f"https://bench.tessera.invalid/activities/{uuid.uuid4()}"
        self.launches = 0
        if self.format == "cmi5":
            self._launch()
        else:
            self.view.load(QUrl(f"{self.server.origin}/bench/bench.html"))    # launches once loaded

    def _build_failed(self, generation: int, message: str) -> None:
        if generation == self._generation:
            self._set_ready(f"The package could not be built: {message}", error=True)
            self.view.setHtml("")

    def _page_loaded(self, ok: bool) -> None:
        if ok and self.server is not None and self.format != "cmi5" and self.launches == 0 and \
                self.view.url().path() == "/bench/bench.html":
            self._launch()

    def _launch(self) -> None:
        from publishing.testbench.engine import cmi5_launch_url
        from publishing.testbench.launch import cmi5_first_au, scorm_launch

        if self.server is None or self.folder is None:
            return
        self.launches += 1
        if self.format == "cmi5":
            self.server.launch = self.launches
            au = cmi5_first_au(self.folder)
            url = cmi5_launch_url(self.server, au.publisher_id, au.move_on, au.url, self._registration,
                                  self._activity_id, f"{self.server.origin}/bench/returned.html")
            self.view.load(QUrl(url))
        else:
            launch = scorm_launch(self.folder)
            arguments = [self.format, f"{self.server.origin}/pkg/{launch.href}", launch.passing_score]
            self.view.page().runJavaScript(
                f"window.bench.launch({', '.join(json.dumps(value) for value in arguments)}, false)")
        self._set_ready(f"Launch {self.launches}: play the lesson as a learner. Every call and statement is "
                        "logged on the right.")

    def reload_page(self) -> None:
        if self.server is None or not self.launches:
            return
        self.server.add(Observation(self.launches, "reloaded the page"))
        if self.format == "cmi5":
            self.view.reload()
        else:
            self.view.page().runJavaScript("document.getElementById('content').contentWindow.location.reload()")

    def relaunch(self) -> None:
        """Close the lesson as a learner closing its window would, then launch it again from the LMS."""
        if self.server is None or not self.launches:
            return
        self.server.add(Observation(self.launches, "closed the lesson"))
        if self.format == "cmi5":
            self.view.load(QUrl("about:blank"))
        else:
            self.view.page().runJavaScript("window.bench.close()")
        self._set_busy("Closing the lesson…")
        generation = self._generation
        QTimer.singleShot(CLOSE_PAUSE_MS, self, lambda: self._launch() if generation == self._generation
                          else None)

    # -- the scripted learner ---------------------------------------------------------------------------
    def run_scripted_learner(self) -> None:
        """Stop the interactive session and let the scripted learner play a fresh build headless."""
        from publishing.testbench.engine import run_test_bench

        self._stop()
        self.log.clear()
        self._show_note("The scripted learner is playing the lesson in a hidden browser: it answers a "
                        "question, reloads, relaunches, finishes and exits. Its steps and what the LMS "
                        "stores appear on the right.")
        self._set_busy("The scripted learner is playing…")
        lessons, fmt, title, generation = list(self.lessons), self.format, self.title, self._generation
        send = self.relay.sender_for(generation)
        self.runner.start(
            lambda _progress, _cancel: run_test_bench(lessons, fmt, title=title, on_record=send),
            lambda report: self._scripted_done(generation, report),
            lambda message: self._build_failed(generation, message))

    def _scripted_done(self, generation: int, report: BenchReport) -> None:
        if generation != self._generation:
            return
        self.scripted_report = report
        self.log.show_verdict(report.violations, finished=True)
        self._set_ready("The scripted learner finished: " + ("no rule broken." if report.passed else
                        f"{len(report.violations)} rule(s) broken.") + " Press Start over to play it "
                        "yourself.")
        self.relaunch_button.setEnabled(False)
        self.reload_button.setEnabled(False)

    # -- records and verdict ----------------------------------------------------------------------------
    def _arrived(self, generation: int, record: Record) -> None:
        if generation != self._generation:
            return          # e.g. the stopped lesson's LMSFinish, after the scripted learner has started
        self.log.add(record)
        if self.server is not None:
            self._judge_timer.start()

    def _judge(self) -> None:
        self.log.show_verdict(self.violations(), finished=False)

    def violations(self) -> list[Violation]:
        """The rules broken by what the interactive session's LMS recorded so far."""
        from publishing.testbench.rules import cmi5_violations, scorm_violations

        if self.server is None or self.folder is None:
            return []
        records = list(self.server.records)
        if self.format == "cmi5":
            return cmi5_violations(records, (self.folder / "cmi5.xml").read_bytes())
        return scorm_violations(self.format, records)

    # -- state and closing ------------------------------------------------------------------------------
    def _set_busy(self, text: str) -> None:
        self._show_status(text)
        for button in (self.start_over_button, self.reload_button, self.relaunch_button,
                       self.scripted_button):
            button.setEnabled(False)

    def _set_ready(self, text: str, *, error: bool = False) -> None:
        self._show_status(text, error=error)
        running = self.server is not None
        self.reload_button.setEnabled(running)
        self.relaunch_button.setEnabled(running)
        self.scripted_button.setEnabled(True)
        self.start_over_button.setEnabled(True)

    def _show_status(self, text: str, *, error: bool = False) -> None:
        set_role(self.status, Role.ERROR if error else None)
        self.status.setText(text)

    def _show_note(self, text: str) -> None:
        """A line of explanation where the lesson plays, while it does not."""
        self.view.setHtml(f"<p style='font:14px sans-serif;color:#666;margin:2em'>{html.escape(text)}</p>")

    def _stop(self) -> None:
        """Stop the server and remove the package folder; later results of older work are ignored."""
        self._generation += 1
        self._judge_timer.stop()
        self.server = None
        self.folder = None
        self._session.close()
        self._session = ExitStack()

    def done(self, result: int) -> None:
        self.view.setHtml("")           # the lesson's last calls go out before its LMS stops
        self._stop()
        super().done(result)
