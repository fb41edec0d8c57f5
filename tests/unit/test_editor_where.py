"""Where a problem is, in the editor's words: the step by its number from 1 and its title, each block by
its name and number, the field by the label its form gives it; never the file's `steps[3]`."""

from __future__ import annotations

import pytest

from components.editor.forms import labels
from story.editor.where import field_parts, short_label, where
from story.reader.i18n import translator

TREE = {
    "title": "Алматы",
    "credits": [{"text": "Фото"}],
    "glossary": [{"term": "ОДКБ"}],
    "lessons": [{"id": "one", "steps": ["a"]}],
    "source": {"title": "Статья"},
    "steps": [
        {"title": "Площадь"},
        {"title": "Вокзал"},
        {"title": "Парк"},
        {
            "title": "Гора  Кок-Тобе",
            "view": {"center": [43.2, 76.9], "zoom": 40, "alt": ""},
            "places": [{"id": "kok-tobe"}],
            "layers": [{"id": "regions", "highlight": ["x"]}],
            "sources": [{"title": "T"}],
            "other_sources": [{"text": "N", "sources": [{"title": "S"}]}],
            "quote": {"text": ""},
            "media": [{"src": "a.png"}],
            "figure": {"chart": "bar", "data": [{"value": 1, "source": {"title": "S"}}]},
            "check": [{"question": "Q", "find": "Кок-Тобе"}, {"question": "Q2", "choices": ["a", "a"]}],
            "discussion": ["Why?"],
            "time": {"from": "2022-01-02"},
            "swipe": {"left": "2022-01-02"},
        },
    ],
}

# field -> (Russian, Kazakh): one for each kind of block the editor has.
EXPECTED = {
    "steps[3].check[0].find": (
        "Шаг 4 «Гора Кок-Тобе», самопроверка 1, место, которое нужно найти",
        "4-қадам «Гора Кок-Тобе», 1-өзін-өзі тексеру, табылатын орын",
    ),
    "steps[3].check[1].choices[1]": (
        "Шаг 4 «Гора Кок-Тобе», самопроверка 2, вариант 2",
        "4-қадам «Гора Кок-Тобе», 2-өзін-өзі тексеру, 2-нұсқа",
    ),
    "steps[3].media[0].alt": (
        "Шаг 4 «Гора Кок-Тобе», картинка, видео или звук 1, что изображено — для тех, кто не видит изображения",
        "4-қадам «Гора Кок-Тобе», 1-сурет, бейне не дыбыс, суретте не бар — оны көре алмайтындар үшін",
    ),
    "steps[3].view.zoom": ("Шаг 4 «Гора Кок-Тобе», карта, масштаб", "4-қадам «Гора Кок-Тобе», карта, масштаб"),
    "steps[3].view.center[1]": ("Шаг 4 «Гора Кок-Тобе», карта, долгота", "4-қадам «Гора Кок-Тобе», карта, бойлық"),
    "steps[3].places[0].id": (
        "Шаг 4 «Гора Кок-Тобе», место 1, краткое имя",
        "4-қадам «Гора Кок-Тобе», 1-орын, қысқа атауы",
    ),
    "steps[3].layers[0].highlight[0]": (
        "Шаг 4 «Гора Кок-Тобе», слой карты 1, выделенный объект 1",
        "4-қадам «Гора Кок-Тобе», картаның 1-қабаты, 1-бөлектелген нысан",
    ),
    "steps[3].sources[0].kind": (
        "Шаг 4 «Гора Кок-Тобе», источник 1, вид источника",
        "4-қадам «Гора Кок-Тобе», 1-дереккөз, дереккөз түрі",
    ),
    "steps[3].other_sources[0].sources[0].url": (
        "Шаг 4 «Гора Кок-Тобе», что говорят другие источники 1, источник 1, адрес",
        "4-қадам «Гора Кок-Тобе», басқа дереккөздер не дейді 1, 1-дереккөз, мекенжайы",
    ),
    "steps[3].quote.text": (
        "Шаг 4 «Гора Кок-Тобе», цитата, слова, точно как их сказали или написали",
        "4-қадам «Гора Кок-Тобе», дәйексөз, айтылған не жазылған сөздер, дәл сол күйінде",
    ),
    "steps[3].figure.data[0].source.title": (
        "Шаг 4 «Гора Кок-Тобе», диаграмма, значение 1, источник, название источника",
        "4-қадам «Гора Кок-Тобе», диаграмма, 1-мән, дереккөз, дереккөздің атауы",
    ),
    "steps[3].discussion[0]": (
        "Шаг 4 «Гора Кок-Тобе», вопрос для обсуждения 1",
        "4-қадам «Гора Кок-Тобе», талқылауға 1-сұрақ",
    ),
    "steps[3].time": ("Шаг 4 «Гора Кок-Тобе», ползунок по дням", "4-қадам «Гора Кок-Тобе», күндер жүгірткісі"),
    "steps[3].swipe.left": (
        "Шаг 4 «Гора Кок-Тобе», шторка, день слева",
        "4-қадам «Гора Кок-Тобе», перде, сол жақтағы күн",
    ),
    "steps[1].date": ("Шаг 2 «Вокзал», дата", "2-қадам «Вокзал», күні"),
    "steps[0]": ("Шаг 1 «Площадь»", "1-қадам «Площадь»"),
    "title": ("Название", "Атауы"),
    "credits[0].text": ("Автор 1, автор или владелец", "1-автор, авторы немесе иесі"),
    "glossary[0].term": ("Слово словаря 1, слово или сокращение", "Сөздіктің 1-сөзі, сөз немесе қысқарған атау"),
    "lessons[0].steps[0]": ("Урок 1, строка 1", "1-сабақ, 1-жол"),
    "source.title": (
        "Статья, которую пересказывает история, заголовок статьи",
        "Баян қайта айтатын мақала, мақаланың тақырыбы",
    ),
}


@pytest.mark.parametrize("language", ["ru", "kk"])
@pytest.mark.parametrize("field", list(EXPECTED))
def test_a_field_is_named_as_the_editor_names_it(field: str, language: str) -> None:
    tr = translator(language)
    words = where(field, TREE, tr, labels(tr))
    assert words == EXPECTED[field][0 if language == "ru" else 1]
    assert "[" not in words and "steps" not in words


def test_in_english_too_the_step_counts_from_one() -> None:
    tr = translator("en")
    words = where("steps[3].check[0].find", TREE, tr, labels(tr))
    assert words == "Step 4 «Гора Кок-Тобе», self-check 1, the place to find"


def test_a_step_without_a_title_is_named_by_its_number_and_the_whole_file_by_nothing() -> None:
    tr = translator("ru")
    assert where("steps[0].title", {"steps": [{"title": ""}]}, tr, labels(tr)) == "Шаг 1, название"
    assert where("steps[5].title", {"steps": []}, tr, labels(tr)) == "Шаг 6, название"
    assert where("", TREE, tr, labels(tr)) == ""


def test_a_field_path_is_read_and_a_label_loses_its_hint() -> None:
    assert field_parts("steps[3].check[0].find") == ["steps", 3, "check", 0, "find"]
    assert short_label("Date (required): 2022-01-05, 2022-01") == "Date"
    assert short_label("Title of the source") == "Title of the source"
