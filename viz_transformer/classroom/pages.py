"""The room's own pages: the list of lessons, the join-code form, a full room, the line of
students waiting for their lesson, not found.
Each is one self-contained HTML document (inline style, no script, no font, no outside link).
The pages a student gets instead of the lesson (a full room, the line) are in English and
Chinese: the room does not know which of the two a student reads."""

from __future__ import annotations

from functools import partial
from html import escape

STYLE = """
body { font: 18px/1.5 system-ui, sans-serif; max-width: 34em; margin: 4em auto; padding: 0 1em;
       color: #1b1b1b; background: #fafafa; }
h1 { font-size: 1.6em; margin-bottom: .3em; }
input { font: inherit; padding: .3em .5em; width: 10em; letter-spacing: .1em; }
button { font: inherit; padding: .3em 1em; }
.error { color: #a00; font-weight: 600; }
li { margin: .4em 0; }
"""


def page(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{STYLE}</style></head>"
        f"<body>{body}</body></html>\n"
    )


def reloading(html: str, seconds: int) -> str:
    """``html`` that the browser reloads after ``seconds`` (a meta refresh: no script needed)."""
    return html.replace("<title>", f'<meta http-equiv="refresh" content="{seconds}"><title>', 1)


def lesson_list(links: list[tuple[str, str]]) -> str:
    """``links``: (URL path, notebook name) of each lesson."""
    items = "".join(f'<li><a href="{escape(url)}">{escape(name)}</a></li>' for url, name in links)
    return page("Classroom", f"<h1>Classroom</h1><p>Open a lesson:</p><ul>{items}</ul>")


def join_form(action: str, xsrf_field: str, error: str | None = None) -> str:
    """Ask for the room's join code; ``action`` is where the form posts (with ``next``),
    ``xsrf_field`` the server's hidden anti-forgery input (HTML made by tornado)."""
    message = f'<p class="error">{escape(error)}</p>' if error else ""
    return page(
        "Join the classroom",
        "<h1>Join the classroom</h1>"
        "<p>This room needs its join code: your teacher shows it with the address.</p>"
        f"{message}"
        f'<form method="post" action="{escape(action)}">{xsrf_field}'
        '<label for="code">Join code</label> '
        '<input id="code" name="code" autocomplete="off" autocapitalize="none" autofocus> '
        '<button type="submit">Join</button></form>',
    )


def bilingual(titles: tuple[str, str], english: str, chinese: str) -> str:
    """A page in English, then in Chinese (``titles``: the English and the Chinese heading). The
    Chinese part is marked ``lang="zh-CN"`` (the page is ``lang="en"``) so that the browser
    draws it with a Chinese font."""
    title_en, title_zh = titles
    text = partial(escape, quote=False)  # element text: its quotes need no escaping
    return page(
        f"{title_en} · {title_zh}",
        f"<h1>{text(title_en)}</h1><p>{text(english)}</p>"
        f'<div lang="zh-CN"><h1>{text(title_zh)}</h1><p>{text(chinese)}</p></div>',
    )


def room_full(retry_s: int) -> str:
    """No kernel fits in memory: try again later (the page reloads after ``retry_s`` seconds)."""
    html = bilingual(
        ("The room is full", "教室已满"),
        "The teacher's computer cannot open another page right now: every seat is taken, or "
        "its memory is. Try again in a minute: a seat frees itself when someone closes their "
        "page. This page retries by itself.",
        "老师的电脑现在无法再打开新的页面：座位已满，或内存已用完。请一分钟后再试：有同学关闭"
        "页面时就会空出座位。本页面会自动重试。",
    )
    return reloading(html, retry_s)


def waiting(ahead: int, refresh_s: int, cpu_busy: bool = False) -> str:
    """The line for a lesson, in English and Chinese: why the student waits and how many are
    ahead (``_reason``, ``_place``). The page reloads itself every ``refresh_s`` seconds, which
    keeps the student's place and opens the lesson once it is their turn."""
    (why_en, why_zh), (place_en, place_zh) = _reason(cpu_busy), _place(ahead)
    html = bilingual(
        ("Your lesson is being prepared", "正在准备你的课程"),
        f"{why_en} {place_en} Keep this page open: the lesson opens by itself.",
        f"{why_zh}{place_zh}请不要关闭此页面，轮到你时课程会自动打开。",
    )
    return reloading(html, refresh_s)


def _reason(cpu_busy: bool) -> tuple[str, str]:
    """Why a student waits (English, Chinese): the lessons of those who came first, or
    (``cpu_busy``) a computer busy with the pictures of the students already in."""
    if cpu_busy:
        return (
            "The teacher's computer is busy with the class's pictures; your lesson starts as "
            "soon as it has room.",
            "老师的电脑正忙着为全班同学绘制图像，一有空闲就会开始你的课程。",
        )
    return (
        "The teacher's computer is starting the lesson for the students who came before you, "
        "a few at a time.",
        "老师的电脑正在为先到的同学依次打开课程，每次几位。",
    )


def _place(ahead: int) -> tuple[str, str]:
    """The student's place in line (English, Chinese), with ``ahead`` students before them."""
    if ahead == 0:
        return "You are next.", "下一个就是你。"
    students = "student is" if ahead == 1 else "students are"
    return f"{ahead} {students} ahead of you.", f"你前面还有 {ahead} 位同学。"


def not_found() -> str:
    return page(
        "Not found",
        '<h1>Not found</h1><p>This classroom serves only its lessons: <a href="/">the list</a>.</p>',
    )


def server_error(status: int) -> str:
    """An error page that names no file or exception (the teacher's terminal has the details)."""
    return page(
        "This page could not be shown",
        f"<h1>This page could not be shown (error {status})</h1>"
        "<p>Something went wrong on the teacher's computer; the details are in its terminal. "
        'Tell your teacher, or go back to <a href="/">the list of lessons</a>.</p>',
    )
