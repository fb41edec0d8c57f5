"""Interface text in Russian and Kazakh: complete catalogs, kept placeholders, the right language chosen."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

from story.format.dates import parse_story_date
from story.format.model import Article
from story.reader import narrative as presentation
from story.reader.dates import format_story_date
from story.reader.i18n import LOCALE_DIR, pick_language, translator

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = LOCALE_DIR / "messages.pot"
TRANSLATED = ["ru", "kk"]
PLACEHOLDER = re.compile(r"\{[^{}]*\}")
CYRILLIC = re.compile(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]")


def _ids(path: Path) -> set[str]:
    with path.open("rb") as handle:
        return {str(message.id) for message in read_po(handle) if message.id}


def _messages(language: str) -> list:
    with (LOCALE_DIR / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return [message for message in read_po(handle, locale=language) if message.id]


def test_committed_template_has_every_interface_string_in_the_code(tmp_path):
    fresh = tmp_path / "messages.pot"
    # The options of `make messages`, with the paths made absolute.
    options = ["--no-location", "--sort-output", "--omit-header"]
    CommandLineInterface().run(
        ["pybabel", "-q", "extract", "-F", str(ROOT / "babel.cfg"), "-k", "say", "-o", str(fresh), *options, str(ROOT)]
    )
    in_code, committed = _ids(fresh), _ids(TEMPLATE)
    assert "Next" in in_code  # the extraction itself found the code
    assert not in_code - committed, f"not in {TEMPLATE.name}, run `make messages`: {sorted(in_code - committed)}"
    assert not committed - in_code, f"no longer in the code, run `make messages`: {sorted(committed - in_code)}"


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_interface_string_is_translated(language):
    messages = {str(message.id): message for message in _messages(language)}
    missing = sorted(_ids(TEMPLATE) - set(messages))
    empty = sorted(i for i, m in messages.items() if not m.string or m.fuzzy)
    assert not missing, f"{language}: not in the catalog, run `make messages`: {missing}"
    assert not empty, f"{language}: empty or fuzzy translations: {empty}"
    not_cyrillic = sorted(i for i, m in messages.items() if not CYRILLIC.search(str(m.string)))
    assert not not_cyrillic, f"{language}: left in English: {not_cyrillic}"


@pytest.mark.parametrize("language", TRANSLATED)
def test_translations_keep_the_placeholders(language):
    for message in _messages(language):
        assert sorted(PLACEHOLDER.findall(str(message.string))) == sorted(PLACEHOLDER.findall(str(message.id))), (
            f"{language}: {message.id!r} -> {message.string!r}"
        )
        # Every translation can be filled in the way the code fills the English text.
        values = {name.strip("{}"): "x" for name in PLACEHOLDER.findall(str(message.id))}
        str(message.string).format(**values)


def test_the_interface_speaks_the_viewers_language():
    assert translator("ru").gettext("Next") == "Далее"
    assert translator("kk").gettext("Next") == "Келесі"
    assert translator("ru").gettext("Other sources") == "Другие источники"
    assert translator("kk").gettext("Other sources") == "Басқа дереккөздер"
    assert presentation.step_counter(2, 17, translator("ru")) == "Шаг 3 из 17"
    assert presentation.step_counter(2, 17, translator("kk")) == "Қадам 3 / 17"


def test_unknown_language_and_unknown_string_fall_back_to_english():
    assert translator("fr").language == "en"
    assert translator("fr").gettext("Next") == "Next"
    assert translator("ru").gettext("A string nobody translated") == "A string nobody translated"


@pytest.mark.parametrize(
    ("requested", "browser", "chosen"),
    [
        ("kk", ["ru-RU"], "kk"),
        ("RU", [], "ru"),
        (None, ["kk-KZ"], "kk"),
        (None, ["ru-RU;q=0.9"], "ru"),
        (None, ["fr-FR", "ru;q=0.8"], "ru"),
        ("xx", ["kk"], "kk"),
        (None, ["de-DE"], "en"),
        (None, None, "en"),
        ("", [], "en"),
    ],
)
def test_language_follows_the_address_then_the_browser_then_english(requested, browser, chosen):
    assert pick_language(requested, browser) == chosen


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("en", "Based on “Moscow leads” by Roy Landersen, <cite>The Militant</cite>, 24 January 2022."),
        ("ru", "По статье «Moscow leads», автор Roy Landersen, <cite>The Militant</cite>, 24 января 2022\u202fг."),
        (
            "kk",
            # translation-review-3.md, kk minor 14: the title first, the author after it.
            "«Moscow leads» мақаласы негізінде (авторы — Roy Landersen), <cite>The Militant</cite>, "
            "2022 жылғы 24 қаңтар.",
        ),
    ],
)
def test_the_article_credit_reads_in_the_language_with_its_date(language, sentence):
    article = Article(title="Moscow leads", author="Roy Landersen", outlet="The Militant", date="2022-01-24")
    html = presentation.article_credit_html(article, translator(language), language)
    assert html == f'<p class="sm-article">{sentence}</p>'


@pytest.mark.parametrize(
    ("date", "language", "shown"),
    [
        ("2022-01-05", "en", "5 January 2022"),
        ("2022-01-05", "ru", "5 января 2022\u202fг."),  # Babel puts a narrow no-break space before "г."
        ("2022-01-05", "kk", "2022 жылғы 5 қаңтар"),
        ("2022-01", "ru", "январь 2022\u202fг."),
        # A month reads like the story's own Kazakh ("2022 жылғы қаңтар"), not Babel's "2022 ж. қаңтар".
        ("2022-01", "kk", "2022 жылғы қаңтар"),
        ("2011-05/2011-12", "kk", "2011 жылғы мамыр–желтоқсан"),  # the shared year once
    ],
)
def test_dates_are_written_the_way_each_language_writes_them(date, language, shown):
    assert format_story_date(parse_story_date(date), language) == shown


@pytest.mark.parametrize(("language", "plurals"), [("ru", "nplurals=3;"), ("kk", "nplurals=2;")])
def test_each_catalog_says_its_language_plural_forms_and_charset(language, plurals):
    with (LOCALE_DIR / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle)
    header = dict(catalog.mime_headers)
    assert header["Language"] == language
    assert header["Plural-Forms"].startswith(plurals)
    assert header["Content-Type"] == "text/plain; charset=utf-8"
    assert not catalog.fuzzy, "a fuzzy header makes gettext tools skip the catalog"


def test_every_string_the_code_asks_for_is_translated_even_inside_f_strings():
    # The message extractor does not look inside f-strings; this reads the code as text.
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    asked = set()
    for path in [*root.glob("story/**/*.py"), *root.glob("components/*.py")]:
        asked |= set(re.findall(r"""gettext\(\s*"((?:[^"\\]|\\.)+)"\s*\)""", path.read_text(encoding="utf-8")))
        asked |= set(re.findall(r"""gettext\(\s*'((?:[^'\\]|\\.)+)'\s*\)""", path.read_text(encoding="utf-8")))
    for language in ("ru", "kk"):
        tr = translator(language)
        missing = sorted(
            message for message in asked if re.search(r"[A-Za-z]", message) and tr.gettext(message) == message
        )
        assert not missing, f"{language}: {missing}"
