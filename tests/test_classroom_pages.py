"""The pages a student gets instead of the lesson (the line, a full room) say the same in
English and Chinese, the Chinese marked as such (``lang="zh-CN"`` inside a ``lang="en"`` page,
so the browser draws it with a Chinese font), and the line says why the student waits."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from viz_transformer.classroom import pages

CHINESE = re.compile(r"[\u4e00-\u9fff]")


class TextByLanguage(HTMLParser):
    """The text of a page, split by the language its nearest ``lang`` attribute marks (the
    title and the style left out: the tab's title holds both languages, as a tab can)."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[tuple[str, str | None]] = []  # (tag, its language), outermost first
        self.text: dict[str | None, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "meta":  # the only void element of these pages: no end tag
            self.open.append((tag, dict(attrs).get("lang") or self.lang()))

    def handle_endtag(self, tag: str) -> None:
        assert self.open.pop()[0] == tag

    def handle_data(self, data: str) -> None:
        if not any(tag in ("title", "style") for tag, _ in self.open):
            self.text[self.lang()] = self.text.get(self.lang(), "") + data

    def lang(self) -> str | None:
        return self.open[-1][1] if self.open else None


def by_language(html: str) -> dict[str | None, str]:
    """{lang: text} of the page, whitespace between tags left out."""
    parser = TextByLanguage()
    parser.feed(html)
    return {lang: text for lang, text in parser.text.items() if text.strip()}


@pytest.mark.parametrize(
    "html",
    [pages.room_full(60), pages.waiting(0, 3), pages.waiting(4, 3, cpu_busy=True)],
    ids=["room full", "waiting", "waiting for the cpu"],
)
def test_each_language_is_marked_as_such(html: str) -> None:
    assert html.startswith('<!DOCTYPE html>\n<html lang="en">')
    text = by_language(html)
    assert set(text) == {"en", "zh-CN"}
    assert not CHINESE.search(text["en"]), "Chinese text marked as English"
    assert len(CHINESE.findall(text["zh-CN"])) > 20
    assert not re.search(r"[A-Za-z]{3,}", text["zh-CN"]), "English text marked as Chinese"


def test_the_full_room_page_says_so_in_both_languages() -> None:
    text = by_language(pages.room_full(60))
    assert "The room is full" in text["en"] and "Try again in a minute" in text["en"]
    assert "教室已满" in text["zh-CN"] and "一分钟后再试" in text["zh-CN"]
    assert '<meta http-equiv="refresh" content="60">' in pages.room_full(60)


def test_the_line_says_how_many_are_ahead_in_both_languages() -> None:
    assert "You are next." in pages.waiting(0, 3) and "下一个就是你" in pages.waiting(0, 3)
    assert "1 student is ahead of you." in pages.waiting(1, 3)
    text = by_language(pages.waiting(4, 3))
    assert "4 students are ahead of you." in text["en"]
    assert "你前面还有 4 位同学。" in text["zh-CN"]


def test_the_line_says_when_it_waits_for_the_cpu() -> None:
    slots, cpu = by_language(pages.waiting(2, 3)), by_language(pages.waiting(2, 3, cpu_busy=True))
    assert "busy with the class's pictures" in cpu["en"] and "as soon as it has room" in cpu["en"]
    assert "正忙着" in cpu["zh-CN"] and "一有空闲" in cpu["zh-CN"]
    assert "came before you" in slots["en"] and "busy" not in slots["en"]
    for text in (slots, cpu):
        assert "2 students are ahead of you." in text["en"] and "opens by itself" in text["en"]
        assert "你前面还有 2 位同学。" in text["zh-CN"]
