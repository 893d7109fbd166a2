"""Every user command, declared once: text, tips, shortcut, menu placement (DESIGN.md §7.3).

Menus, toolbars and context menus all take their QActions from ``ActionRegistry`` so a command looks and
behaves the same wherever it appears. Shortcuts use ``QKeySequence.StandardKey`` where Qt defines one, so
each platform gets its native keys; ``keys`` is the portable fallback for platforms without a binding.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum, auto

from app.kit.qt import QAction, QActionGroup, QKeySequence, QObject
from editor.snippets import Snippet

Key = QKeySequence.StandardKey
Role = QAction.MenuRole

FILE, EDIT, LIBRARY, INSERT = "&File", "&Edit", "&Library", "&Insert"
FORMAT, VIEW, HELP = "F&ormat", "&View", "&Help"
PUBLISH = "&Publish"
MENU_ORDER = (FILE, EDIT, LIBRARY, INSERT, FORMAT, VIEW, PUBLISH, HELP)
PREVIEW_WIDTH_GROUP = "preview_width"


class Needs(Enum):
    """When an action can be used at all; the registry enables and disables it from this."""

    NOTHING = auto()
    OPEN_ITEM = auto()        # an item open in the editor
    OPEN_LESSON = auto()      # a lesson (not a curated link) open in the editor: practice blocks


class ActionId(Enum):
    NEW_LESSON = auto()
    NEW_LINK = auto()
    OPEN_WORKSPACE = auto()
    SAVE = auto()
    CLOSE_LESSON = auto()
    PREFERENCES = auto()
    QUIT = auto()
    UNDO = auto()
    REDO = auto()
    CUT = auto()
    COPY = auto()
    PASTE = auto()
    SELECT_ALL = auto()
    FIND = auto()
    SEARCH = auto()
    FIND_SIMILAR = auto()
    TRIM_VIDEO = auto()
    EDIT_CAPTIONS = auto()
    MAKE_CAPTIONS = auto()
    DUPLICATE = auto()
    RENAME = auto()
    MOVE_TO_TRASH = auto()
    TRANSLATE = auto()
    CHECK_LESSON = auto()
    MY_REVIEWS = auto()
    PEOPLE = auto()
    COMMENT = auto()
    INSERT_HEADING = auto()
    INSERT_SUBHEADING = auto()
    INSERT_IMAGE = auto()
    INSERT_VIDEO = auto()
    INSERT_AUDIO = auto()
    RECORD_VIDEO = auto()
    INSERT_CALLOUT = auto()
    INSERT_TAKEAWAYS = auto()
    INSERT_QUIZ_SINGLE = auto()
    INSERT_QUIZ_MULTIPLE = auto()
    INSERT_QUIZ_TRUE_FALSE = auto()
    INSERT_FLASHCARDS = auto()
    INSERT_APPLY = auto()
    BOLD = auto()
    ITALIC = auto()
    LINK = auto()
    TOGGLE_LIBRARY = auto()
    TOGGLE_PREVIEW = auto()
    PREVIEW_PHONE = auto()
    PREVIEW_TABLET = auto()
    PREVIEW_DESKTOP = auto()
    ZOOM_IN = auto()
    ZOOM_OUT = auto()
    EXPORT = auto()
    TEST_BENCH = auto()
    PUBLISH = auto()
    PUBLISHING_QUEUE = auto()
    TARGETS = auto()
    ANALYTICS = auto()
    GUIDE = auto()
    SHORTCUTS = auto()
    WELCOME = auto()
    REPORT_PROBLEM = auto()
    ABOUT = auto()


@dataclass(frozen=True)
class ActionSpec:
    text: str                 # menu text; "&" marks the mnemonic, "…" means more input follows
    tip: str                  # status-bar sentence; tooltips add the shortcut to the plain text
    menu: str
    section: str              # consecutive actions of one section sit between separators
    standard: Key | None = None
    keys: str = ""            # portable key text, used when ``standard`` has no binding here
    checkable: bool = False
    group: str = ""           # actions sharing a group are mutually exclusive
    role: Role = Role.NoRole  # macOS moves Preferences/Quit/About to the application menu
    needs: Needs = Needs.NOTHING
    snippet: Snippet | None = None   # Insert actions: the block they add


ACTIONS: dict[ActionId, ActionSpec] = {
    ActionId.NEW_LESSON: ActionSpec(
        "&New lesson…", "Create a lesson from a template", FILE, "new", Key.New),
    ActionId.NEW_LINK: ActionSpec(
        "New &link…", "Add a link to an outside resource to the library", FILE, "new", keys="Ctrl+Shift+N"),
    ActionId.OPEN_WORKSPACE: ActionSpec(
        "&Open workspace…", "Open a workspace folder", FILE, "open", Key.Open),
    ActionId.SAVE: ActionSpec(
        "&Save", "Save the lesson now (lessons are also saved automatically)", FILE, "save", Key.Save,
        needs=Needs.OPEN_ITEM),
    ActionId.CLOSE_LESSON: ActionSpec(
        "&Close lesson", "Close the lesson in the editor", FILE, "save", Key.Close, needs=Needs.OPEN_ITEM),
    ActionId.PREFERENCES: ActionSpec(
        "&Preferences…", "Change your name, appearance, saving and publishing defaults", FILE, "preferences",
        Key.Preferences, "Ctrl+,", role=Role.PreferencesRole),
    ActionId.QUIT: ActionSpec(
        "&Quit", "Close Tessera", FILE, "quit", Key.Quit, "Ctrl+Q", role=Role.QuitRole),
    ActionId.UNDO: ActionSpec(
        "&Undo", "Undo the last change", EDIT, "undo", Key.Undo),
    ActionId.REDO: ActionSpec(
        "&Redo", "Redo the change you undid", EDIT, "undo", Key.Redo),
    ActionId.CUT: ActionSpec(
        "Cu&t", "Cut the selection to the clipboard", EDIT, "clipboard", Key.Cut),
    ActionId.COPY: ActionSpec(
        "&Copy", "Copy the selection to the clipboard", EDIT, "clipboard", Key.Copy),
    ActionId.PASTE: ActionSpec(
        "&Paste", "Paste from the clipboard", EDIT, "clipboard", Key.Paste),
    ActionId.SELECT_ALL: ActionSpec(
        "Select &all", "Select everything in the focused view", EDIT, "clipboard", Key.SelectAll),
    ActionId.FIND: ActionSpec(
        "&Find in library", "Filter the library by title, skill or tag", EDIT, "find", Key.Find),
    ActionId.SEARCH: ActionSpec(
        "&Search library…", "Search every lesson and link: text, quizzes, captions, notes", EDIT, "find",
        keys="Ctrl+K"),
    ActionId.FIND_SIMILAR: ActionSpec(
        "Find si&milar items…", "Items on the same topic as the selected one", LIBRARY, "item"),
    ActionId.TRIM_VIDEO: ActionSpec(
        "Tri&m video…", "Cut the start or end off the video under the cursor", EDIT, "media",
        needs=Needs.OPEN_ITEM),
    ActionId.EDIT_CAPTIONS: ActionSpec(
        "Edit capt&ions…", "Write or fix the captions of the video under the cursor", EDIT, "media",
        needs=Needs.OPEN_ITEM),
    ActionId.MAKE_CAPTIONS: ActionSpec(
        "Ma&ke captions", "Make captions (or a transcript) from the speech of the video or audio under the "
        "cursor, on this computer", EDIT, "media", needs=Needs.OPEN_ITEM),
    ActionId.DUPLICATE: ActionSpec(
        "&Duplicate", "Make a copy of the selected item", LIBRARY, "item", keys="Ctrl+D"),
    ActionId.RENAME: ActionSpec(
        "&Rename…", "Change the title of the selected item", LIBRARY, "item", keys="F2"),
    ActionId.MOVE_TO_TRASH: ActionSpec(
        "Move to &trash", "Move the selected item to the workspace trash", LIBRARY, "item", Key.Delete),
    ActionId.TRANSLATE: ActionSpec(
        "Tr&anslate…", "Send the selected lesson to translators as XLIFF and import their translations",
        LIBRARY, "item"),
    ActionId.CHECK_LESSON: ActionSpec(
        "&Check lesson", "List problems in the lesson: missing captions, alt text, broken links and more",
        LIBRARY, "check", keys="F7", needs=Needs.OPEN_ITEM),
    ActionId.MY_REVIEWS: ActionSpec(
        "M&y reviews…", "Drafts waiting for your review, with their due dates", LIBRARY, "check",
        keys="Ctrl+Shift+R"),
    ActionId.PEOPLE: ActionSpec(
        "&People…", "Who belongs to this workspace, their roles, and which of them you are", LIBRARY,
        "check"),
    ActionId.COMMENT: ActionSpec(
        "C&omment…", "Comment on the selected text, or on the block at the cursor", EDIT, "comment",
        keys="Ctrl+Alt+M", needs=Needs.OPEN_ITEM),
    ActionId.INSERT_HEADING: ActionSpec(
        "Section &heading", "Insert a section heading", INSERT, "text", keys="Ctrl+1",
        needs=Needs.OPEN_ITEM, snippet=Snippet.HEADING),
    ActionId.INSERT_SUBHEADING: ActionSpec(
        "&Subheading", "Insert a subheading", INSERT, "text", keys="Ctrl+2",
        needs=Needs.OPEN_ITEM, snippet=Snippet.SUBHEADING),
    ActionId.INSERT_IMAGE: ActionSpec(
        "&Image…", "Insert an image with alt text", INSERT, "media", keys="Ctrl+Shift+I",
        needs=Needs.OPEN_ITEM, snippet=Snippet.IMAGE),
    # Not Ctrl+Shift+V: most editors use it for "paste as plain text". M as in movie.
    ActionId.INSERT_VIDEO: ActionSpec(
        "&Video…", "Insert a video with captions", INSERT, "media", keys="Ctrl+Shift+M",
        needs=Needs.OPEN_ITEM, snippet=Snippet.VIDEO),
    ActionId.INSERT_AUDIO: ActionSpec(
        "&Audio…", "Insert an audio clip with a transcript", INSERT, "media",
        needs=Needs.OPEN_ITEM, snippet=Snippet.AUDIO),
    ActionId.RECORD_VIDEO: ActionSpec(
        "&Record video…", "Record a short video with a teleprompter and add it to the lesson", INSERT,
        "media", keys="Ctrl+Alt+R", needs=Needs.OPEN_ITEM),
    ActionId.INSERT_CALLOUT: ActionSpec(
        "&Callout", "Insert a highlighted tip, note, warning or example", INSERT, "blocks",
        needs=Needs.OPEN_ITEM, snippet=Snippet.CALLOUT),
    ActionId.INSERT_TAKEAWAYS: ActionSpec(
        "&Key takeaways", "Insert the list of points learners should remember", INSERT, "blocks",
        needs=Needs.OPEN_ITEM, snippet=Snippet.TAKEAWAYS),
    ActionId.INSERT_QUIZ_SINGLE: ActionSpec(
        "&Quiz: one answer", "Insert a question with one correct answer", INSERT, "practice",
        needs=Needs.OPEN_LESSON, snippet=Snippet.QUIZ_SINGLE),
    ActionId.INSERT_QUIZ_MULTIPLE: ActionSpec(
        "Quiz: &multiple answers", "Insert a question with several correct answers", INSERT, "practice",
        needs=Needs.OPEN_LESSON, snippet=Snippet.QUIZ_MULTIPLE),
    ActionId.INSERT_QUIZ_TRUE_FALSE: ActionSpec(
        "Quiz: &true or false", "Insert a true-or-false question", INSERT, "practice",
        needs=Needs.OPEN_LESSON, snippet=Snippet.QUIZ_TRUEFALSE),
    ActionId.INSERT_FLASHCARDS: ActionSpec(
        "&Flashcards", "Insert cards learners flip to test themselves", INSERT, "practice",
        needs=Needs.OPEN_LESSON, snippet=Snippet.FLASHCARDS),
    ActionId.INSERT_APPLY: ActionSpec(
        "Apply at &work", "Insert something to do at work and a question to reflect on", INSERT, "practice",
        needs=Needs.OPEN_LESSON, snippet=Snippet.APPLY),
    ActionId.BOLD: ActionSpec(
        "&Bold", "Make the selected text bold", FORMAT, "emphasis", Key.Bold, needs=Needs.OPEN_ITEM),
    ActionId.ITALIC: ActionSpec(
        "&Italic", "Make the selected text italic", FORMAT, "emphasis", Key.Italic, needs=Needs.OPEN_ITEM),
    ActionId.LINK: ActionSpec(
        "&Link", "Turn the selected text into a link", FORMAT, "link", keys="Ctrl+Shift+K",
        needs=Needs.OPEN_ITEM),
    ActionId.TOGGLE_LIBRARY: ActionSpec(
        "Show &library", "Show or hide the library", VIEW, "panels", keys="Ctrl+Shift+L", checkable=True),
    ActionId.TOGGLE_PREVIEW: ActionSpec(
        "Show &preview", "Show or hide the live preview", VIEW, "panels", keys="F8", checkable=True),
    ActionId.PREVIEW_PHONE: ActionSpec(
        "P&hone width", "Preview the lesson as learners see it on a phone", VIEW, "width", keys="Ctrl+Alt+1",
        checkable=True, group=PREVIEW_WIDTH_GROUP),
    ActionId.PREVIEW_TABLET: ActionSpec(
        "&Tablet width", "Preview the lesson as learners see it on a tablet", VIEW, "width",
        keys="Ctrl+Alt+2", checkable=True, group=PREVIEW_WIDTH_GROUP),
    ActionId.PREVIEW_DESKTOP: ActionSpec(
        "&Desktop width", "Preview the lesson as learners see it on a computer", VIEW, "width",
        keys="Ctrl+Alt+3", checkable=True, group=PREVIEW_WIDTH_GROUP),
    ActionId.ZOOM_IN: ActionSpec(
        "Zoom &in", "Make the editor text larger", VIEW, "zoom", Key.ZoomIn),
    ActionId.ZOOM_OUT: ActionSpec(
        "Zoom &out", "Make the editor text smaller", VIEW, "zoom", Key.ZoomOut),
    ActionId.EXPORT: ActionSpec(
        "&Export…", "Save the selected lesson, or a course of several, as SCORM, cmi5, xAPI, HTML5 or Common "
        "Cartridge packages", PUBLISH, "export", keys="Ctrl+E"),
    ActionId.TEST_BENCH: ActionSpec(
        "Test in a simulated &LMS…", "Play the selected lesson as a learner in a recording SCORM or cmi5 LMS "
        "and see what it stores, judged against the rules LMSs need", PUBLISH, "export"),
    ActionId.PUBLISH: ActionSpec(
        "&Publish…", "Send the approved selected item to the workspace's publishing targets", PUBLISH,
        "publish", keys="Ctrl+Shift+P"),
    ActionId.PUBLISHING_QUEUE: ActionSpec(
        "Publishing &queue", "See what is being published, waiting to retry or has failed; retry or remove "
        "it", PUBLISH, "publish"),
    ActionId.TARGETS: ActionSpec(
        "&Targets…", "Set up where this workspace publishes: folders, SharePoint, an LXP, Canvas, an LRS",
        PUBLISH, "setup"),
    ActionId.ANALYTICS: ActionSpec(
        "How learners &do…", "Completion, scores and the hardest questions of the selected lesson, from a "
        "learning record store", PUBLISH, "results"),
    ActionId.GUIDE: ActionSpec(
        "Tessera &guide", "How to write, review and publish lessons, in a few pages", HELP, "guide",
        Key.HelpContents, "F1"),
    ActionId.SHORTCUTS: ActionSpec(
        "&Keyboard shortcuts", "Every key that does something in Tessera", HELP, "guide", keys="Ctrl+/"),
    ActionId.WELCOME: ActionSpec(
        "&Welcome", "The first-start welcome: create a lesson, open the demo, read the guide", HELP, "guide"),
    ActionId.REPORT_PROBLEM: ActionSpec(
        "&Report a problem…", "Copy Tessera's version and recent log to the clipboard, to paste into a "
        "message", HELP, "problem"),
    ActionId.ABOUT: ActionSpec(
        "&About Tessera", "Version, licences and credits", HELP, "about", role=Role.AboutRole),
}

# The preview width each width action selects (values of ``settings.PREVIEW_WIDTHS``).
PREVIEW_WIDTH_ACTIONS: dict[str, ActionId] = {
    "phone": ActionId.PREVIEW_PHONE,
    "tablet": ActionId.PREVIEW_TABLET,
    "desktop": ActionId.PREVIEW_DESKTOP,
}

MenuStructure = list[tuple[str, list[ActionId | None]]]


def shortcuts(spec: ActionSpec) -> list[QKeySequence]:
    """The keys for ``spec`` on this platform: the standard binding if there is one, else ``keys``."""
    if spec.standard is not None:
        native = QKeySequence.keyBindings(spec.standard)
        if native:
            return native
    return [QKeySequence(spec.keys)] if spec.keys else []


def plain_text(spec: ActionSpec) -> str:
    """Menu text without mnemonic marker or trailing ellipsis, for tooltips and the command list."""
    return spec.text.replace("&&", "\0").replace("&", "").replace("\0", "&").removesuffix("…")


class ActionRegistry:
    """Creates each QAction on first use, so windows only pay for the actions they show."""

    def __init__(self, parent: QObject) -> None:
        self._parent = parent
        self._actions: dict[ActionId, QAction] = {}
        self._groups: dict[str, QActionGroup] = {}
        self._handlers: dict[ActionId, Callable[..., object]] = {}

    def action(self, action_id: ActionId) -> QAction:
        action = self._actions.get(action_id)
        if action is None:
            action = self._actions[action_id] = self._create(ACTIONS[action_id])
        return action

    def bind(self, action_id: ActionId, handler: Callable[..., object]) -> None:
        """Make ``handler`` what the action does (checkable actions pass their new checked state).

        Each action has exactly one handler, bound by the feature that owns it.
        """
        if action_id in self._handlers:
            raise ValueError(f"{action_id.name} already has a handler")
        self._handlers[action_id] = handler
        self.action(action_id).triggered.connect(handler)

    def unbound(self) -> list[ActionId]:
        """Actions nobody has given a handler yet (a window must leave none)."""
        return [action_id for action_id in ACTIONS if action_id not in self._handlers]

    def update_enabled(self, met: set[Needs]) -> None:
        """Enable exactly the actions whose needs are met now."""
        for action_id, spec in ACTIONS.items():
            if spec.needs is not Needs.NOTHING:
                self.action(action_id).setEnabled(spec.needs in met)

    def menu_structure(self) -> MenuStructure:
        """Menus in menu-bar order, each with its actions; None marks a separator."""
        menus: MenuStructure = []
        for title in MENU_ORDER:
            entries: list[ActionId | None] = []
            section = None
            for action_id, spec in ACTIONS.items():
                if spec.menu != title:
                    continue
                if section is not None and spec.section != section:
                    entries.append(None)
                section = spec.section
                entries.append(action_id)
            menus.append((title, entries))
        return menus

    def _create(self, spec: ActionSpec) -> QAction:
        action = QAction(spec.text, self._parent)
        keys = shortcuts(spec)
        action.setShortcuts(keys)
        action.setStatusTip(spec.tip)
        shown_keys = f" ({keys[0].toString(QKeySequence.SequenceFormat.NativeText)})" if keys else ""
        action.setToolTip(plain_text(spec) + shown_keys)
        action.setMenuRole(spec.role)
        action.setCheckable(spec.checkable)
        if spec.group:
            group = self._groups.get(spec.group)
            if group is None:
                group = self._groups[spec.group] = QActionGroup(self._parent)
                group.setExclusive(True)
            group.addAction(action)
        return action
