"""What a professional shows a visitor who may be in acute danger: the emergency number 112
and the national crisis line (MIELI Mental Health Finland's crisis helpline, in the
visitor's language). Shown as an entry of the conversation, so it stays in the transcript
and the closing records that it was shown."""

from __future__ import annotations

EMERGENCY_NUMBER = "112"
# MIELI's crisis helpline, by language (sv: Kristelefonen, fi: Kriisipuhelin).
CRISIS_LINES = {"sv": "09 2525 0112", "fi": "09 2525 0111", "en": "09 2525 0116"}

_TEXTS = {
    "sv": (
        "Om du eller någon annan är i akut fara: ring nödnumret 112 nu. "
        "Du kan också ringa Kristelefonen {crisis}, dygnet runt."
    ),
    "fi": (
        "Jos sinä tai joku muu on välittömässä vaarassa, soita heti hätänumeroon 112. "
        "Voit soittaa myös Kriisipuhelimeen {crisis}, ympäri vuorokauden."
    ),
    "en": (
        "If you or someone else is in immediate danger, call the emergency number 112 now. "
        "You can also call the crisis helpline {crisis}, day and night."
    ),
}


def emergency_text(language: str) -> str:
    """The words shown, in the chat's language (Swedish when it has none of ours)."""
    language = language if language in _TEXTS else "sv"
    return _TEXTS[language].format(crisis=CRISIS_LINES[language])
