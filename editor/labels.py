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
