"""`/join`: the page a student types the class's code into, when the QR code cannot be scanned.

One small HTML form with no script (a phone on a slow network gets it in one packet); the code is read
as the presenter's panel shows it (any case, spaces and dashes ignored, story/present/codes.py). A code
that can be one goes on to the light page that follows the presentation (`view?follow=<code>`, which
says itself when no presentation has that code); one that cannot be is said on the same page, with
the form again. The page is in the language of `?lang=`, else the browser's. A student may give a name
for the presenter's roster (optional, cut to one line of NAME_MAX characters); it goes on with the code.
"""

from __future__ import annotations

from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from story.present.codes import CODE_LENGTH, quoted, read_code
from story.present.roster import NAME_MAX, clean_name
from story.reader.i18n import Translator, pick_language, translator
from story.reader.text import escape
from story.server.light import PAGE_URL

URL = "join"
# The page holds no script and loads nothing: its one form goes back to this server.
HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'",
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
}
STYLE = (
    "body{font-family:system-ui,sans-serif;margin:0;padding:1.5rem;max-width:30rem;line-height:1.4}"
    "h1{font-size:1.5rem}label{display:block;font-weight:600;margin-bottom:.4rem}"
    "input{font:inherit;font-size:1.6rem;letter-spacing:.2em;text-transform:uppercase;width:100%;"
    "box-sizing:border-box;padding:.4rem .6rem;border:2px solid #555;border-radius:6px}"
    "button{font:inherit;font-size:1.2rem;margin-top:.8rem;padding:.5rem 1.2rem;border-radius:6px;"
    "border:0;background:#a3201a;color:#fff}"
    "input:focus,button:focus{outline:3px solid #1a5fb4;outline-offset:2px}"
    ".wrong{color:#7a1711;font-weight:600}"
    "#name{font-size:1.2rem;letter-spacing:normal;text-transform:none}label[for=name]{margin-top:1rem}"
)


def join_target(code: str, language: str, name: str = "") -> str:
    """Where a good code goes: the light page following it, relative to this page (the app may be served
    under a path of its own), with the student's name if they gave one."""
    query = {"follow": code, "lang": language} | ({"name": name} if name else {})
    return f"{PAGE_URL}?{urlencode(query)}"


def join_page(tr: Translator, typed: str | None = None, name: str = "") -> str:
    """The form, and what was wrong with `typed` when a code was sent that cannot be one."""
    wrong = ""
    if typed is not None:
        message = tr.gettext("“{code}” is not a class code: it has {length} letters and digits, as on the screen.")
        said = escape(message.format(code=quoted(typed), length=CODE_LENGTH))
        wrong = f'<p class="wrong" role="alert" id="wrong">{said}</p>'
    described = ' aria-describedby="wrong" aria-invalid="true"' if typed is not None else ""
    title = escape(tr.gettext("Join the class"))
    label = escape(tr.gettext("The code on the teacher’s screen"))
    button = escape(tr.gettext("Join"))
    name_label = escape(tr.gettext("Your name (optional)"))
    return (
        f'<!doctype html><html lang="{tr.language}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{title}</title><style>{STYLE}</style></head><body><main><h1>{title}</h1>"
        f'<form method="get" action="{URL}"><input type="hidden" name="lang" value="{tr.language}">'
        f'<label for="code">{label}</label>'
        '<input id="code" name="code" required maxlength="20" autocomplete="off" autocapitalize="characters"'
        f' spellcheck="false" autofocus{described}>{wrong}'
        f'<label for="name">{name_label}</label><input id="name" name="name" maxlength="{NAME_MAX}"'
        f' autocomplete="nickname" value="{escape(name)}">'
        f'<button type="submit">{button}</button></form></main></body></html>'
    )


async def endpoint(request: Request) -> Response:
    accepted = [part.strip() for part in request.headers.get("accept-language", "").split(",") if part.strip()]
    language = pick_language(request.query_params.get("lang"), accepted)
    typed = request.query_params.get("code")
    name = clean_name(request.query_params.get("name"))
    if typed is not None:
        code = read_code(typed)
        if code is not None:
            return RedirectResponse(join_target(code, language, name), status_code=303, headers=HEADERS)
    status = 200 if typed is None else 400
    return HTMLResponse(join_page(translator(language), typed, name), status_code=status, headers=HEADERS)
