"""The few HTML pages phones see: the index with search, an item, an error.

Why hand-built HTML and no template engine: three small pages, every value
passes through `html.escape`, and no script runs on them at all (the
Content-Security-Policy in `server.py` forbids it), so a phone on a slow
Wi-Fi gets a page of a few kilobytes that works in any browser.
Everything a visitor reads is Vietnamese.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from urllib.parse import quote

from ..catalog import Item
from ..sizes import human_size
from ..words import without_title_line

STYLE = """
*{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;
font-size:18px;line-height:1.5;color:#1b1b1b;background:#f6f3ee;
word-wrap:break-word;overflow-wrap:break-word}
header{background:#7a1f1f;color:#fff;font-weight:600}
/* the station's name and the way back are links a thumb must hit: 48 px at least */
header a{display:block;min-height:48px;padding:12px 16px;color:#fff;text-decoration:none}
a.back{display:inline-block;min-height:48px;padding:12px 0}
main{max-width:720px;margin:0 auto;padding:16px}
h1{font-size:1.5em;line-height:1.25;margin:.2em 0 .4em}
.cover{display:block;max-width:100%;max-height:35vh;margin:0 auto 12px;border-radius:6px;
box-shadow:0 1px 6px rgba(0,0,0,.25)}
.meta{color:#555;font-size:.9em;margin:0 0 12px}
.summary{white-space:pre-line}
.actions{display:flex;flex-direction:column;gap:12px;margin:20px 0}
.button{display:block;text-align:center;padding:16px;border-radius:10px;font-weight:600;
text-decoration:none;font-size:1.05em}
.primary{background:#7a1f1f;color:#fff}
.secondary{background:#fff;color:#7a1f1f;border:2px solid #7a1f1f}
form{display:flex;gap:8px;margin:0 0 16px}
input[type=search]{flex:1;font-size:1em;padding:12px;border:2px solid #999;border-radius:8px;
min-width:0}
button{font-size:1em;padding:12px 16px;border:0;border-radius:8px;background:#7a1f1f;color:#fff}
ul.items{list-style:none;margin:0;padding:0}
ul.items li{margin:0 0 10px}
a.card{display:block;min-height:56px;padding:12px;background:#fff;border-radius:8px;
color:#1b1b1b;text-decoration:none}
a.card:active,a.card:focus{outline:3px solid #7a1f1f}
.card .title{display:block;font-weight:600}
.kind{display:block;color:#7a1f1f;font-size:.85em}
.snippet{display:block;color:#444;font-size:.9em}
.text p{margin:0 0 .9em;overflow-wrap:anywhere}
video,audio{display:block;width:100%;margin:12px 0}
video{max-height:60vh;background:#000;border-radius:6px}
mark{background:#ffe08a}
p.offers{font-weight:600;margin:16px 0 8px}
ul.offers{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:10px}
a.offer{display:block;min-height:48px;padding:12px 16px;background:#fff;color:#7a1f1f;
border:2px solid #7a1f1f;border-radius:10px;font-weight:600;text-decoration:none}
.note{color:#555;font-size:.9em}
p.back{margin:8px 0 0}
"""


#: A search total this large was cut while counting: shown as "hơn 999".
COUNT_SHOWN_MAX = 1000


def _layout(title: str, body: str, station: str) -> str:
    return (
        "<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        f"<title>{escape(title)}</title><style>{STYLE}</style></head>"
        f"<body><header><a href=\"/\">{escape(station)}</a></header>"
        f"<main>{body}</main></body></html>\n"
    )


def item_href(item_id: str) -> str:
    return f"/i/{quote(item_id, safe='')}"


def file_href(item_id: str, *, download: bool = False) -> str:
    return f"/f/{quote(item_id, safe='')}" + ("?tai=1" if download else "")


def cover_href(item_id: str) -> str:
    return f"/c/{quote(item_id, safe='')}"


#: Text a phone's browser would lay out as a 980 px page of small print: shown as paragraphs.
TEXT_TYPES = ("text/plain", "text/markdown")


def is_text(item: Item) -> bool:
    """Whether the item's file is plain text (a bulletin typed or saved as .txt or .md)."""
    media = (item.media_type or "").split(";")[0].strip().lower()
    return media in TEXT_TYPES or (not media and item.filename.lower().endswith((".txt", ".md")))


def _media_kind(item: Item) -> str | None:
    """"video" or "audio" when the phone's browser can play the file inline."""
    media = (item.media_type or "").split("/")[0].strip().lower()
    if media in ("video", "audio"):
        return media
    return item.kind if item.kind in ("video", "audio") else None


def duration_vi(seconds: float) -> str:
    """`1 giờ 5 phút`, `3 phút 20 giây`, `8 giây`: how long a clip plays."""
    total = max(round(seconds), 1)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} giờ {minutes} phút" if minutes else f"{hours} giờ"
    if minutes:
        return f"{minutes} phút {secs} giây" if secs else f"{minutes} phút"
    return f"{secs} giây"


def _squash(text: str) -> str:
    return " ".join(text.split())


def reading_text(item: Item, text: str | None) -> str:
    """The text to show under the title and summary, without repeating either.

    Bulletins saved as files begin with their own title line, and often with
    the summary as their first sentences: both are already on the page.
    """
    body = without_title_line(item.title, text)
    summary = _squash(item.summary or "")
    if summary and _squash(body) == summary:
        return ""
    return body


def paragraphs(text: str) -> str:
    """Escaped text as <p> paragraphs (a blank line parts them; single breaks are kept)."""
    blocks = [b.strip() for b in text.replace("\r\n", "\n").split("\n\n")]
    return "".join(f"<p>{escape(b).replace(chr(10), '<br>')}</p>" for b in blocks if b)


#: An item page whose file is missing from the station or found damaged.
FILE_UNAVAILABLE_VI = ("Tệp của tài liệu này hiện không có trên trạm (bị thiếu hoặc hỏng) nên "
                       "chưa tải về được. Xin báo thủ thư.")


def item_page(item: Item, *, station: str, has_file: bool, text: str | None = None,
              has_cover: bool | None = None) -> str:
    """Title, cover, what it is, summary, its text or player, and the open/download buttons.

    `text` is the item's readable text (a bulletin's body, or its .txt file):
    shown on the page itself, since a phone lays plain text out far too small.
    `has_cover`: whether the cover's file is there (default: whether the item names
    one); a lost one is left out, not drawn as a broken picture with its alt text.
    """
    cover = bool(item.cover_sha256) if has_cover is None else has_cover
    parts = [f"<h1>{escape(item.title)}</h1>"]
    media = _media_kind(item) if has_file else None
    if cover and media != "video":
        parts.append(f'<img class="cover" src="{cover_href(item.id)}" alt="Bìa: '
                     f'{escape(item.title)}">')
    meta = [item.kind_name]
    if item.authors:
        meta.append(", ".join(item.authors))
    if item.page_count:
        meta.append(f"{item.page_count} trang")
    if item.duration_s and media:
        meta.append(duration_vi(item.duration_s))
    if has_file and item.size:
        meta.append(human_size(item.size))
    parts.append(f'<p class="meta">{escape(" · ".join(meta))}</p>')
    body = reading_text(item, text)
    summary = item.summary.strip()
    if summary and not _squash(body).startswith(_squash(summary)):
        parts.append(f'<p class="summary">{escape(summary)}</p>')
    if media:
        poster = (f' poster="{cover_href(item.id)}"'
                  if media == "video" and cover else "")
        extra = ' playsinline' if media == "video" else ""
        parts.append(f'<{media} controls preload="metadata"{extra}{poster} '
                     f'src="{file_href(item.id)}">'
                     "Điện thoại này không phát được tệp ngay trên trang: "
                     "hãy bấm “Tải về điện thoại”.</" + media + ">")
    if body:
        parts.append(f'<div class="text">{paragraphs(body)}</div>')
    if has_file:
        size = f" ({human_size(item.size)})" if item.size else ""
        buttons = []
        if not media and not (body and is_text(item)):
            buttons.append(f'<a class="button primary" href="{file_href(item.id)}">'
                           "Mở tài liệu</a>")
        # No `download` attribute: `Content-Disposition: attachment` already saves the
        # file, and with it a busy station's answer (503) was a cancelled download of
        # "….html" instead of the page saying "try again in a moment".
        buttons.append(f'<a class="button secondary" href="{file_href(item.id, download=True)}"'
                       f">Tải về điện thoại{escape(size)}</a>")
        parts.append('<div class="actions">' + "".join(buttons) + "</div>")
    elif item.sha256:
        # Without it the visitor who scanned the code saw a page with no way to the file
        # and no word why, and could not tell the librarian what was wrong.
        parts.append(f'<p class="note">{FILE_UNAVAILABLE_VI}</p>')
    parts.append('<p class="back"><a class="back" href="/">← Xem tất cả tài liệu</a></p>')
    return _layout(item.title, "".join(parts), station)


def text_page(item: Item, text: str, *, station: str) -> str:
    """A text item opened on a phone: its paragraphs at a readable size, not raw text."""
    body = without_title_line(item.title, text)
    parts = [f"<h1>{escape(item.title)}</h1>", f'<div class="text">{paragraphs(body)}</div>',
             '<div class="actions"><a class="button secondary" '
             f'href="{file_href(item.id, download=True)}">Tải về điện thoại</a></div>',
             f'<p class="back"><a class="back" href="{item_href(item.id)}">'
             "← Về trang tài liệu</a></p>"]
    return _layout(item.title, "".join(parts), station)


def _result(item: Item, snippet_html: str = "") -> str:
    """One result: the whole card is the link, a large target for a thumb."""
    snippet = f'<span class="snippet">{snippet_html}</span>' if snippet_html else ""
    return (f'<li><a class="card" href="{item_href(item.id)}">'
            f'<span class="kind">{escape(item.kind_name)}</span>'
            f'<span class="title">{escape(item.title)}</span>{snippet}</a></li>')


def marked(snippet: str, highlights: Iterable[tuple[int, int]]) -> str:
    """Escape a snippet, wrapping the highlighted ranges in <mark>."""
    out, last = [], 0
    for start, end in sorted(highlights):
        if start < last:
            continue
        out.append(escape(snippet[last:start]))
        out.append(f"<mark>{escape(snippet[start:end])}</mark>")
        last = end
    out.append(escape(snippet[last:]))
    return "".join(out)


def _offers(offers: list[str]) -> str:
    """Spellings that do find something, each a link searching for it (a large target):
    what the station's screen offers under «Có phải bạn muốn tìm:»."""
    if not offers:
        return ""
    links = "".join(f'<li><a class="offer" href="/?q={quote(text, safe="")}">{escape(text)}</a>'
                    "</li>" for text in offers)
    return f'<p class="offers">Có phải bạn muốn tìm:</p><ul class="offers">{links}</ul>'


def index_page(*, station: str, query: str, results: list[tuple[Item, str]],
               total: int | None = None, offers: list[str] | None = None) -> str:
    """The search box and a list: search results, or the newest items.

    `total`: how many there are in all, so a cut list says so. `offers`: when nothing
    is found, the spellings that find something (`library.spellings.offered_spellings`).
    """
    form = (
        '<form method="get" action="/" role="search">'
        f'<input type="search" name="q" value="{escape(query)}" '
        'placeholder="Ví dụ: chuyen doi so" aria-label="Tìm tài liệu">'
        "<button type=\"submit\">Tìm</button></form>"
    )
    if query and not results:
        listing = (f'<p>Không tìm thấy tài liệu nào cho “{escape(query)}”.</p>'
                   + _offers(offers or []))
    elif not results:  # a new station, or every item hidden: say so, not an empty list
        listing = "<p>Trạm chưa có tài liệu nào để chia sẻ.</p>"
    else:
        heading = (f"<p class=\"note\">Kết quả cho “{escape(query)}”</p>" if query
                   else "<p class=\"note\">Tài liệu mới nhất</p>")
        more = ""
        if query and total is not None and total > len(results):
            count = f"hơn {total - 1}" if total >= COUNT_SHOWN_MAX else str(total)
            more = (f'<p class="note">Đang hiện {len(results)} trên {count} kết quả — '
                    "hãy gõ thêm từ để tìm đúng hơn.</p>")
        elif total is not None and total > len(results):
            more = (f'<p class="note">Đang hiện {len(results)} trên {total} tài liệu — '
                    "hãy tìm kiếm để thấy các tài liệu khác.</p>")
        listing = (heading + '<ul class="items">'
                   + "".join(_result(item, snip) for item, snip in results) + "</ul>" + more)
    return _layout(station, f"<h1>Thư viện của trạm</h1>{form}{listing}", station)


def error_page(status: int, message_vi: str, *, station: str, item: Item | None = None,
               download: bool = False) -> str:
    """The page for an error `status`; its title is the message, not a bare number
    (a phone's tab list and history show "404" to a visitor otherwise).

    With `item` (a file refused while the station is busy) it offers "Thử lại" for
    the same file and the way back to the item's page, not to the station's first
    page, where the visitor would have to find the item again.
    """
    if item is None:
        end = '<p class="back"><a class="back" href="/">← Về trang đầu</a></p>'
    else:
        end = ('<div class="actions"><a class="button primary" '
               f'href="{file_href(item.id, download=download)}">Thử lại</a></div>'
               f'<p class="back"><a class="back" href="{item_href(item.id)}">'
               "← Về trang tài liệu</a></p>")
    return _layout(f"{message_vi} — {station}", f"<h1>{escape(message_vi)}</h1>{end}", station)
