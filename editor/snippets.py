"""What the editor inserts for each block type: ready-to-edit examples of the format."""

from __future__ import annotations

from enum import StrEnum


class Snippet(StrEnum):
    HEADING = "heading"
    SUBHEADING = "subheading"
    IMAGE = "image"
    VIDEO = "video"
    AUDIO = "audio"
    CALLOUT = "callout"
    TAKEAWAYS = "takeaways"
    QUIZ_SINGLE = "quiz_single"
    QUIZ_MULTIPLE = "quiz_multiple"
    QUIZ_TRUEFALSE = "quiz_truefalse"
    FLASHCARDS = "flashcards"
    APPLY = "apply"


_TEXTS: dict[Snippet, str] = {
    Snippet.HEADING: "## Heading\n",
    Snippet.SUBHEADING: "### Subheading\n",
    Snippet.IMAGE: '![Describe what the image shows](media/image.png "Optional caption")\n',
    Snippet.VIDEO: '::: video src="media/video.mp4" captions="media/video.vtt"\n'
                   "What the learner should notice in this video.\n:::\n",
    Snippet.AUDIO: '::: audio src="media/audio.m4a"\nTranscript of the recording.\n:::\n',
    Snippet.CALLOUT: "::: callout tip\nA practical tip learners can use straight away.\n:::\n",
    Snippet.TAKEAWAYS: "::: takeaways\n- First thing to remember\n- Second thing to remember\n:::\n",
    Snippet.QUIZ_SINGLE: ("::: quiz single\n? Which answer is right?\n"
                          "- [x] The correct answer\n  : Why this is right.\n"
                          "- [ ] A plausible wrong answer\n  : Why this is not quite right.\n:::\n"),
    Snippet.QUIZ_MULTIPLE: ("::: quiz multiple\n? Which of these apply? (choose all that apply)\n"
                            "- [x] A correct answer\n  : Why it applies.\n"
                            "- [x] Another correct answer\n  : Why it applies.\n"
                            "- [ ] A wrong answer\n  : Why it does not apply.\n:::\n"),
    Snippet.QUIZ_TRUEFALSE: ("::: quiz truefalse\n? A statement learners judge.\n"
                             "- [x] True\n  : Why it is true.\n- [ ] False\n  : Why it is not false.\n:::\n"),
    Snippet.FLASHCARDS: ("::: flashcards\n? Term or question\n: Definition or answer\n"
                         "? Second term\n: Its definition\n:::\n"),
    Snippet.APPLY: ("::: apply\naction: One concrete thing to try at work this week.\n"
                    "reflect: What happened when you tried it, and what will you change?\n:::\n"),
}

def snippet_text(snippet: Snippet) -> str:
    return _TEXTS[snippet]


def block_insertion(snippet: Snippet, line_before: str, line_after: str) -> str:
    """The snippet padded with blank lines so it stands alone as a block where it is inserted."""
    text = _TEXTS[snippet]
    if snippet in (Snippet.HEADING, Snippet.SUBHEADING, Snippet.IMAGE) and not line_before.strip() \
            and not line_after.strip():
        return text
    prefix = "\n" if line_before.strip() else ""
    suffix = "\n" if line_after.strip() else ""
    return prefix + text + suffix

