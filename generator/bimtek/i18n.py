"""Interface labels and date formats in the workshop's language (Indonesian first).

Templates never hard-code a label: they ask ``t('key')``. Dates use Babel's
CLDR data ("Kamis, 30 September 2021"); Babel already comes with mkdocs-material.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Iterable

import jinja2
import jinja2.ext
import jinja2.lexer
from babel.dates import format_date

from .labels import LABELS

# A catalogue's pages name the same few hundred days thousands of times; babel takes ~40 µs a date.
_babel_date = functools.lru_cache(maxsize=4096)(format_date)


class Translator:
    """Labels and formats for one language; called as ``t('key')`` in templates."""

    def __init__(self, language: str):
        self.language = language

    def __call__(self, key: str, **values: object) -> str:
        try:
            forms = LABELS[key]
            text = forms[self.language]
        except KeyError:
            raise KeyError(f"no label {key!r} for language {self.language!r}") from None
        if values.get("count") == 1:  # English says '1 question', not '1 questions' (Indonesian: '1 soal', as any number)
            text = forms.get(f"{self.language}_one", text)
        return text.format(**values) if values else text

    def date(self, value: dt.date, style: str = "full") -> str:
        """'Kamis, 30 September 2021' (id) or 'Thursday, September 30, 2021' (en); style 'long' without
        the weekday ('30 September 2021'), 'short' abbreviated ('30 Sep 2021')."""
        if style == "full":
            pattern = "EEEE, d MMMM y" if self.language == "id" else "EEEE, MMMM d, y"
            return _babel_date(value, pattern, locale=self.language)
        if style == "long":
            return _babel_date(value, "d MMMM y" if self.language == "id" else "MMMM d, y", locale=self.language)
        return _babel_date(value, "d MMM y", locale=self.language)

    def number(self, value: float) -> str:
        """A short number with the language's decimal mark: 2, 2,25 (id) / 2.25 (en)."""
        text = f"{value:.2f}".rstrip("0").rstrip(".")
        return text.replace(".", ",") if self.language == "id" else text

    def clock(self, value: dt.datetime | dt.time) -> str:
        """24-hour time; Indonesian writes 08.30, English 08:30."""
        return value.strftime("%H.%M" if self.language == "id" else "%H:%M")


class LabelsAtCompileTime(jinja2.ext.Extension):
    """A Jinja extension: ``t("key")`` becomes its label when the template is compiled.

    A lesson page asks for about a hundred labels; each call through Jinja's
    runtime and escaping cost 5 µs, a tenth of the page's rendering, for a text
    that is fixed once the language is. Folded only where the call is exactly
    ``t`` of one quoted key that has a label in this language, and only in a
    template where ``t`` is never bound or used otherwise (``{% set t %}``, a
    loop or macro argument named ``t``): there it might not be this function.
    Anything else (``t("page_of", page=n)``, an unknown key) is called at render
    time, as before, with its errors.
    """

    def __init__(self, environment: jinja2.Environment) -> None:
        super().__init__(environment)
        environment.extend(label_language=None)

    @property
    def identity(self) -> str:
        """What the compiled code depends on (part of the compiled-template cache's key)."""
        return f"labels:{self.environment.label_language}"

    def filter_stream(self, stream: jinja2.lexer.TokenStream) -> Iterable[jinja2.lexer.Token]:
        language = self.environment.label_language
        tokens = list(stream)
        if language is None or not _only_called(tokens):
            return tokens
        folded: list[jinja2.lexer.Token] = []
        index = 0
        while index < len(tokens):
            token = tokens[index]
            call = tokens[index:index + 4]
            if (token.type == "name" and token.value == "t" and [t.type for t in call] == ["name", "lparen", "string", "rparen"]
                    and not (folded and folded[-1].type == "dot") and language in LABELS.get(call[2].value, {})):
                folded.append(jinja2.lexer.Token(token.lineno, "string", LABELS[call[2].value][language]))
                index += 4
                continue
            folded.append(token)
            index += 1
        return folded


def _only_called(tokens: list[jinja2.lexer.Token]) -> bool:
    """Whether every use of the name ``t`` in these tokens is a call (so it is the global, never a local)."""
    for index, token in enumerate(tokens):
        if token.type == "name" and token.value == "t" and not (index and tokens[index - 1].type == "dot"):
            if index + 1 >= len(tokens) or tokens[index + 1].type != "lparen":
                return False
            if index and tokens[index - 1].type == "name" and tokens[index - 1].value == "macro":
                return False  # {% macro t(...) %}: a local t, called like the global
    return True
