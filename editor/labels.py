"""Learner-facing words the renderer and player add around the author's content, per language.

The author writes the lesson in its language; everything Tessera adds (buttons, headings,
screen-reader labels) must match it. Unknown languages fall back to English.
"""

from __future__ import annotations

_EN = {
    "takeaways": "Key takeaways", "flashcards": "Flashcards", "apply": "Apply it at work",
    "transcript": "Transcript", "check": "Check answer", "try_again": "Try again",
    "correct": "Correct", "incorrect": "Not quite", "partly": "Partly right",
    "choose_all": "(choose all that apply)", "flip_hint": "Select a card to turn it over.",
    "video": "Lesson video", "audio": "Lesson audio", "captions": "Captions",
    "no_video": "Your browser cannot play this video.", "no_audio": "Your browser cannot play this audio.",
    "note": "Note", "tip": "Tip", "warning": "Warning", "example": "Example", "open": "Open",
    "resource": "the resource", "untitled": "Untitled lesson", "progress": "Lesson progress",
    "reflection_saved": "Your notes are kept on this device.", "score": "Score",
}

_TRANSLATIONS: dict[str, dict[str, str]] = {
    "de": {
        "takeaways": "Das Wichtigste", "flashcards": "Lernkarten", "apply": "Im Arbeitsalltag anwenden",
        "transcript": "Transkript", "check": "Antwort prüfen", "try_again": "Noch einmal",
        "correct": "Richtig", "incorrect": "Nicht ganz", "partly": "Teilweise richtig",
        "choose_all": "(alle zutreffenden auswählen)", "flip_hint": "Karte auswählen, um sie umzudrehen.",
        "video": "Video zur Lektion", "audio": "Audio zur Lektion", "captions": "Untertitel",
        "no_video": "Ihr Browser kann dieses Video nicht abspielen.",
        "no_audio": "Ihr Browser kann diese Audiodatei nicht abspielen.",
        "note": "Hinweis", "tip": "Tipp", "warning": "Achtung", "example": "Beispiel", "open": "Öffnen:",
        "resource": "die Quelle", "untitled": "Lektion ohne Titel", "progress": "Fortschritt",
        "reflection_saved": "Ihre Notizen bleiben auf diesem Gerät.", "score": "Ergebnis",
    },
    "fr": {
        "takeaways": "À retenir", "flashcards": "Cartes mémoire", "apply": "À appliquer au travail",
        "transcript": "Transcription", "check": "Vérifier", "try_again": "Réessayer",
        "correct": "Correct", "incorrect": "Pas tout à fait", "partly": "En partie juste",
        "choose_all": "(plusieurs réponses possibles)",
        "flip_hint": "Sélectionnez une carte pour la retourner.",
        "video": "Vidéo de la leçon", "audio": "Audio de la leçon", "captions": "Sous-titres",
        "no_video": "Votre navigateur ne peut pas lire cette vidéo.",
        "no_audio": "Votre navigateur ne peut pas lire cet audio.",
        "note": "Remarque", "tip": "Astuce", "warning": "Attention", "example": "Exemple", "open": "Ouvrir",
        "resource": "la ressource", "untitled": "Leçon sans titre", "progress": "Progression",
        "reflection_saved": "Vos notes restent sur cet appareil.", "score": "Score",
    },
    "es": {
        "takeaways": "Ideas clave", "flashcards": "Tarjetas", "apply": "Aplícalo en el trabajo",
        "transcript": "Transcripción", "check": "Comprobar", "try_again": "Intentar de nuevo",
        "correct": "Correcto", "incorrect": "No del todo", "partly": "Parcialmente correcto",
        "choose_all": "(elige todas las que correspondan)",
        "flip_hint": "Selecciona una tarjeta para darle la vuelta.",
        "video": "Vídeo de la lección", "audio": "Audio de la lección", "captions": "Subtítulos",
        "no_video": "Tu navegador no puede reproducir este vídeo.",
        "no_audio": "Tu navegador no puede reproducir este audio.",
        "note": "Nota", "tip": "Consejo", "warning": "Atención", "example": "Ejemplo", "open": "Abrir",
        "resource": "el recurso", "untitled": "Lección sin título", "progress": "Progreso",
        "reflection_saved": "Tus notas se guardan en este dispositivo.", "score": "Puntuación",
    },
}


def labels_for(language: str) -> dict[str, str]:
    """All labels for ``language`` (e.g. "de", "de-CH"); missing words fall back to English."""
    base = language.split("-")[0].lower() if language else "en"
    return {**_EN, **_TRANSLATIONS.get(base, {})}


# The player script's own words (buttons, results, the end panel). English lives in the script
# itself (resources/player/player.js, DEFAULT_TEXT); these replace it for other languages.
_PLAYER_TEXT: dict[str, dict[str, str]] = {
    "de": {
        "question": "Frage", "questionOf": "Frage {n} von {total}", "retry": "Noch einmal",
        "markCorrect": "Richtig", "markIncorrect": "Falsch", "markMissed": "Auch richtig",
        "resultCorrect": "Richtig! Gut gemacht.",
        "resultCorrectAll": "Richtig! Sie haben alle {total} Antworten gefunden.",
        "resultIncorrect": "Nicht ganz. Lesen Sie das Feedback und versuchen Sie es noch einmal.",
        "resultPartial": "Nicht ganz: {found} von {total} richtigen Antworten gewählt. Lesen Sie das "
                         "Feedback und versuchen Sie es noch einmal.",
        "resultPartialWrong": "Nicht ganz: {found} von {total} richtigen Antworten gewählt, {wrong} "
                              "falsch. Lesen Sie das Feedback und versuchen Sie es noch einmal.",
        "finishDone": "Lektion abgeschlossen",
        "finishScore": "Sie haben {right} von {total} Fragen richtig beantwortet.",
        "finishBelowMastery": "Beantworten Sie die Fragen erneut, um {percent} % zu erreichen.",
        "finishNoQuiz": "Sie sind am Ende dieser Lektion angekommen.", "finishPending": "Fast geschafft",
        "finishQuestionLeft": "Beantworten Sie die letzte Frage, um die Lektion abzuschließen.",
        "finishQuestionsLeft": "Beantworten Sie die übrigen {n} Fragen, um die Lektion abzuschließen.",
        "finishGo": "Zur Frage",
        "trackingClosed": "Diese Lektion wurde geschlossen. Öffnen Sie sie erneut über Ihre Lernplattform, "
                          "damit Ihr Fortschritt gespeichert wird.",
        "trackingOff": "Ihr Fortschritt wird hier nicht gespeichert. Öffnen Sie die Lektion über Ihre "
                       "Lernplattform, um ihn zu behalten.",
        "exit": "Lektion verlassen", "exitDone": "Ihr Fortschritt ist gespeichert. Sie können dieses Fenster "
                                                 "jetzt schließen.",
    },
    "fr": {
        "question": "Question", "questionOf": "Question {n} sur {total}", "retry": "Réessayer",
        "markCorrect": "Correct", "markIncorrect": "Incorrect", "markMissed": "Également correct",
        "resultCorrect": "Correct ! Bien joué.",
        "resultCorrectAll": "Correct ! Vous avez trouvé les {total} réponses.",
        "resultIncorrect": "Pas tout à fait. Lisez le retour, puis réessayez.",
        "resultPartial": "Pas tout à fait : {found} bonnes réponses sur {total} choisies. Lisez le retour, "
                         "puis réessayez.",
        "resultPartialWrong": "Pas tout à fait : {found} bonnes réponses sur {total} choisies, {wrong} "
                              "incorrectes. Lisez le retour, puis réessayez.",
        "finishDone": "Leçon terminée",
        "finishScore": "Vous avez répondu correctement à {right} questions sur {total}.",
        "finishBelowMastery": "Refaites les questions pour atteindre {percent} %.",
        "finishNoQuiz": "Vous êtes arrivé à la fin de cette leçon.", "finishPending": "Presque fini",
        "finishQuestionLeft": "Répondez à la dernière question pour terminer la leçon.",
        "finishQuestionsLeft": "Répondez aux {n} questions restantes pour terminer la leçon.",
        "finishGo": "Aller à la question",
        "trackingClosed": "Cette leçon a été fermée ; rouvrez-la depuis votre plateforme de formation pour "
                          "conserver votre progression.",
        "trackingOff": "Votre progression n'est pas enregistrée ici ; ouvrez cette leçon depuis votre "
                       "plateforme de formation pour la conserver.",
        "exit": "Quitter la leçon", "exitDone": "Votre progression est enregistrée. Vous pouvez fermer cette "
                                                "fenêtre.",
    },
    "es": {
        "question": "Pregunta", "questionOf": "Pregunta {n} de {total}", "retry": "Intentar de nuevo",
        "markCorrect": "Correcta", "markIncorrect": "Incorrecta", "markMissed": "También correcta",
        "resultCorrect": "¡Correcto! Bien hecho.",
        "resultCorrectAll": "¡Correcto! Encontraste las {total} respuestas.",
        "resultIncorrect": "No del todo. Lee la explicación y vuelve a intentarlo.",
        "resultPartial": "No del todo: elegiste {found} de {total} respuestas correctas. Lee la explicación "
                         "y vuelve a intentarlo.",
        "resultPartialWrong": "No del todo: elegiste {found} de {total} respuestas correctas y {wrong} "
                              "incorrectas. Lee la explicación y vuelve a intentarlo.",
        "finishDone": "Lección completada",
        "finishScore": "Respondiste bien {right} de {total} preguntas.",
        "finishBelowMastery": "Vuelve a intentar las preguntas para llegar al {percent} %.",
        "finishNoQuiz": "Has llegado al final de esta lección.", "finishPending": "Casi listo",
        "finishQuestionLeft": "Responde la última pregunta para completar la lección.",
        "finishQuestionsLeft": "Responde las {n} preguntas restantes para completar la lección.",
        "finishGo": "Ir a la pregunta",
        "trackingClosed": "Esta lección se cerró; vuelve a abrirla desde tu plataforma de aprendizaje para "
                          "conservar tu progreso.",
        "trackingOff": "Tu progreso no se guarda aquí; abre esta lección desde tu plataforma de aprendizaje "
                       "para conservarlo.",
        "exit": "Salir de la lección",
        "exitDone": "Tu progreso está guardado. Ya puedes cerrar esta ventana.",
    },
}


def player_text(language: str) -> dict[str, str]:
    """The player's words for ``language``; empty for English (the script's own defaults)."""
    base = language.split("-")[0].lower() if language else "en"
    return dict(_PLAYER_TEXT.get(base, {}))
