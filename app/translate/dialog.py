"""*Translate…*: send a lesson to translators as XLIFF 2 and bring their work back as language variants.

Choose the target languages and export (a native folder dialog picks where the .xlf files go);
import a translated .xlf (a file dialog); the table shows each translation as up to date or stale,
and for a stale one the source changes since it was translated. Export, import and the status
(which hashes the lesson's media) run on the task pool, never on the UI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.kit.qt import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.kit.tasks import TaskRunner
from editor.translation.roundtrip import ExportedFile, ImportResult, export_translations, import_translation
from editor.translation.variants import VariantState, VariantStatus, translation_statuses
from editor.translation.xliff import LANGUAGE
from editor.workspace import Item, Workspace

# Languages offered with a tick box; any other code can be typed.
COMMON_LANGUAGES = (("de", "German"), ("fr", "French"), ("es", "Spanish"), ("it", "Italian"),
                    ("nl", "Dutch"), ("pt-BR", "Portuguese (Brazil)"), ("pl", "Polish"), ("ja", "Japanese"),
                    ("zh-CN", "Chinese (simplified)"))
STATE_LABELS = {VariantState.UP_TO_DATE: "Up to date", VariantState.STALE: "Source changed since translation"}


class TranslateDialog(QDialog):
    variants_changed = Signal()          # an import wrote a variant: the library should reload

    def __init__(self, workspace: Workspace, item: Item, runner: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace, self.item, self.runner = workspace, item, runner
        self.statuses: list[VariantStatus] = []
        self.busy = False
        self.setWindowTitle(f"Translate “{item.title}”")
        self.resize(640, 560)
        layout = QVBoxLayout(self)
        intro = QLabel(f"Written in <b>{item.language or 'en'}</b>. Choose the languages to translate into, "
                       "export one XLIFF file per language for your translators, then import the files they "
                       "send back.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.languages = QListWidget()
        self.languages.setMaximumHeight(120)
        for code, name in COMMON_LANGUAGES:
            if code != (item.language or "en"):
                entry = QListWidgetItem(f"{name} ({code})")
                entry.setData(Qt.ItemDataRole.UserRole, code)
                entry.setCheckState(Qt.CheckState.Unchecked)
                self.languages.addItem(entry)
        layout.addWidget(self.languages)
        self.other = QLineEdit()
        self.other.setPlaceholderText("Other language codes, comma-separated (e.g. sv, pt-PT)")
        layout.addWidget(self.other)
        self.everything = QCheckBox("Send every segment (otherwise only new and changed ones)")
        layout.addWidget(self.everything)
        buttons = QHBoxLayout()
        self.export_button = QPushButton("Export XLIFF…")
        self.export_button.clicked.connect(self.export)
        self.import_button = QPushButton("Import translation…")
        self.import_button.clicked.connect(self.import_file)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.import_button)
        buttons.addStretch()
        layout.addLayout(buttons)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.message)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["Language", "State", "Translated from version"])
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.itemSelectionChanged.connect(self._show_changes)
        layout.addWidget(self.table)
        self.changes = QPlainTextEdit()
        self.changes.setReadOnly(True)
        self.changes.setPlaceholderText("Select a translation to see what changed in the source since.")
        layout.addWidget(self.changes)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.refresh()

    # -- what the user chose ----------------------------------------------------------------
    def chosen_languages(self) -> list[str]:
        entries = [self.languages.item(row) for row in range(self.languages.count())]
        ticked = [entry.data(Qt.ItemDataRole.UserRole) for entry in entries
                  if entry.checkState() == Qt.CheckState.Checked]
        typed = [code.strip() for code in self.other.text().split(",") if code.strip()]
        return list(dict.fromkeys([*ticked, *typed]))

    def choose_folder(self) -> Path | None:
        folder = QFileDialog.getExistingDirectory(self, "Export translation files to", str(Path.home()))
        return Path(folder) if folder else None

    def choose_file(self) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(self, "Import a translated XLIFF file", str(Path.home()),
                                              "XLIFF files (*.xlf *.xliff);;All files (*)")
        return Path(name) if name else None

    # -- actions ----------------------------------------------------------------------------------
    def export(self) -> None:
        languages = self.chosen_languages()
        wrong = [code for code in languages if not LANGUAGE.match(code)]
        if not languages or wrong:
            self._say(f"“{wrong[0]}” is not a language code; write codes such as de, fr or pt-BR." if wrong
                      else "Tick at least one language (or type its code) first.")
            return
        folder = self.choose_folder()
        if folder is None:
            return
        everything = self.everything.isChecked()
        self._run(lambda: export_translations(self.workspace, self.item, languages, folder,
                                              everything=everything), self._exported, "Exporting…")

    def import_file(self) -> None:
        path = self.choose_file()
        if path is not None:
            self._run(lambda: import_translation(self.workspace, path), self._imported, "Importing…")

    def refresh(self) -> None:
        self._run(lambda: translation_statuses(self.workspace, self.item), self._show_statuses, "")

    # -- results ----------------------------------------------------------------------------------
    def _exported(self, files: list[ExportedFile]) -> None:
        lines = [f"{file.language}: up to date, nothing to translate" if file.path is None else
                 f"{file.language}: {file.units} segment(s) written to {file.path}" for file in files]
        self._say("\n".join(lines))

    def _imported(self, result: ImportResult) -> None:
        if not result.changed:
            self._say(f"{result.variant.name} already holds this translation; nothing changed.")
        else:
            untranslated = (f" {len(result.untranslated)} segment(s) are not translated yet."
                            if result.untranslated else "")
            self._say(f"{result.variant.name} updated: {result.translated} segment(s) from the file, "
                      f"{result.kept} kept from before.{untranslated}")
            self.variants_changed.emit()
        self.refresh()

    def _show_statuses(self, statuses: list[VariantStatus]) -> None:
        self.statuses = statuses
        self.table.setRowCount(len(statuses))
        for row, status in enumerate(statuses):
            cells = (status.language, STATE_LABELS[status.state], status.source_version[:12])
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        if statuses:
            self.table.selectRow(0)
            self._show_changes()          # the same row may stay selected, with new content
        else:
            self.changes.setPlainText("No translations yet.")

    def _show_changes(self) -> None:
        rows = {index.row() for index in self.table.selectedIndexes()}
        if not rows:
            return
        status = self.statuses[min(rows)]
        if status.state is VariantState.UP_TO_DATE:
            self.changes.setPlainText(f"The {status.language} translation is up to date with the source.")
            return
        lines = [f"{len(status.changes)} change(s) in the source since the {status.language} translation:"]
        for change in status.changes:
            if not change.segment:
                lines.append(f"• {change.after}")
                continue
            lines.append(f"• {change.segment} ({change.note or 'removed'}) — {change.kind.value}")
            if change.before:
                lines.append(f"    was: {change.before}")
            if change.after:
                lines.append(f"    now: {change.after}")
        self.changes.setPlainText("\n".join(lines))

    # -- running work off the UI thread ---------------------------------------------------------------
    def _run(self, work: Callable[[], Any], done: Callable[[Any], None], message: str) -> None:
        self._set_busy(True)
        if message:
            self._say(message)

        def finished(result: Any) -> None:
            self._set_busy(False)
            done(result)

        def failed(reason: str) -> None:
            self._set_busy(False)
            self._say(reason)

        self.runner.start(lambda _progress, _cancel: work(), finished, failed)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.export_button.setEnabled(not busy)
        self.import_button.setEnabled(not busy)

    def _say(self, text: str) -> None:
        self.message.setText(text)
