"""Labels written into templates when they compile (``LabelsAtCompileTime``): same pages, each language its own."""

from __future__ import annotations

import jinja2
import pytest

from bimtek.cache import NoCache
from bimtek.i18n import LABELS, LabelsAtCompileTime, Translator
from bimtek.project import load_project
from bimtek.render import render_site
from minimal import WORKSHOP, write_project


def lesson_page(root) -> str:
    project, _ = load_project(root, cache=NoCache())
    return next(page.content for page in render_site(project, cache=NoCache()).pages if page.path == "lessons/satu.md")


def test_each_project_gets_its_own_language_in_one_process(tmp_path):
    # Compiled templates are shared between environments of one process (bimtek serve):
    # one compiled with Indonesian labels must never serve an English project.
    indonesian = write_project(tmp_path / "id")
    english = write_project(tmp_path / "en", WORKSHOP.replace("language: id", "language: en"))
    for root, language, other in ((indonesian, "id", "en"), (english, "en", "id"), (indonesian, "id", "en")):
        page = lesson_page(root)
        assert f"<dt>{LABELS['duration'][language]}</dt>" in page
        assert f"<dt>{LABELS['duration'][other]}</dt>" not in page
        assert f"## {LABELS['learning_objectives'][language]}" in page


def environment(language: str = "id", **names) -> jinja2.Environment:
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, extensions=[LabelsAtCompileTime])
    env.label_language = language
    env.globals.update(t=Translator(language), **names)
    return env


def test_a_folded_label_is_escaped_like_a_called_one():
    env = environment("en")
    plain = jinja2.Environment(autoescape=True)
    plain.globals["t"] = Translator("en")
    source = '{{ t("duration") }}|{{ t("jp") ~ "<" }}|{{ t("minutes") | upper }}'
    assert env.from_string(source).render() == plain.from_string(source).render() == "Duration|JP&lt;|MINUTES"
    assert "Duration" in env.compile(source, raw=True)  # written in, not looked up


def test_t_bound_in_the_template_is_left_alone():
    def other(key):
        return f"other:{key}"

    env = environment(other=other)
    assert env.from_string('{% set t = other %}{{ t("duration") }}').render() == "other:duration"
    assert env.from_string('{% macro m(t) %}{{ t("duration") }}{% endmacro %}{{ m(other) }}').render() == "other:duration"
    assert env.from_string('{% for t in [other] %}{{ t("duration") }}{% endfor %}').render() == "other:duration"
    assert env.from_string('{% macro t(key) %}macro:{{ key }}{% endmacro %}{{ t("duration") }}').render() == "macro:duration"


def test_calls_with_values_attributes_and_unknown_keys_run_as_before():
    class Box:
        def t(self, key):
            return f"box:{key}"

    env = environment(box=Box())
    assert env.from_string('{{ t("page_of", page=2, pages=5) }}').render() == "Halaman 2 dari 5"
    assert env.from_string('{{ box.t("duration") }}').render() == "box:duration"
    template = env.from_string('{{ t("no_such_label") }}')  # compiles: the error is the call's, when it renders
    with pytest.raises(KeyError, match="no_such_label"):
        template.render()


def test_english_counts_agree_in_number_and_indonesian_ones_do_not_change():
    en, id_ = Translator("en"), Translator("id")
    assert en("expected_participants", count=1) == "1 participant"
    assert en("expected_participants", count=30) == "30 participants"
    assert en("report_days", count=1, sessions=3, jp=6) == "1 day, 3 sessions, 6 JP"
    assert en("slides_quiz", count=1).startswith("1 question: answer it")
    assert id_("expected_participants", count=1) == "1 peserta" and id_("report_days", count=1, sessions=3, jp=6) == "1 hari, 3 sesi, 6 JP"
