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

STYLE = """
*{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;
font-size:18px;line-height:1.5;color:#1b1b1b;background:#f6f3ee}
header{background:#7a1f1f;color:#fff;padding:12px 16px;font-weight:600}
header a{color:#fff;text-decoration:none}
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
ul.items li{background:#fff;border-radius:8px;margin:0 0 10px;padding:12px}
ul.items a{color:#1b1b1b;font-weight:600;text-decoration:none}
.kind{color:#7a1f1f;font-size:.85em}
.snippet{color:#444;font-size:.9em}
mark{background:#ffe08a}
.note{color:#555;font-size:.9em}
"""


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


def item_page(item: Item, *, station: str, has_file: bool) -> str:
    """Title, cover, what it is, summary, and the open/download buttons with the size."""
    parts = [f"<h1>{escape(item.title)}</h1>"]
    if item.cover_sha256:
        parts.append(f'<img class="cover" src="{cover_href(item.id)}" alt="Bìa: '
                     f'{escape(item.title)}">')
    meta = [item.kind_name]
    if item.authors:
        meta.append(", ".join(item.authors))
    if item.page_count:
        meta.append(f"{item.page_count} trang")
    if has_file and item.size:
        meta.append(human_size(item.size))
    parts.append(f'<p class="meta">{escape(" · ".join(meta))}</p>')
    if item.summary:
        parts.append(f'<p class="summary">{escape(item.summary)}</p>')
    if has_file:
        size = f" ({human_size(item.size)})" if item.size else ""
        parts.append(
            '<div class="actions">'
            f'<a class="button primary" href="{file_href(item.id)}">Mở tài liệu</a>'
            f'<a class="button secondary" href="{file_href(item.id, download=True)}" download>'
            f"Tải về điện thoại{escape(size)}</a></div>"
        )
    elif item.body and item.body.strip() != item.summary.strip():
        parts.append(f'<div class="summary">{escape(item.body)}</div>')
    parts.append('<p><a href="/">← Xem tất cả tài liệu</a></p>')
    return _layout(item.title, "".join(parts), station)


def _result(item: Item, snippet_html: str = "") -> str:
    snippet = f'<div class="snippet">{snippet_html}</div>' if snippet_html else ""
    return (f'<li><div class="kind">{escape(item.kind_name)}</div>'
            f'<a href="{item_href(item.id)}">{escape(item.title)}</a>{snippet}</li>')


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


def index_page(*, station: str, query: str, results: list[tuple[Item, str]],
               total: int | None = None) -> str:
    """The search box and a list: search results, or the newest items."""
    form = (
        '<form method="get" action="/" role="search">'
        f'<input type="search" name="q" value="{escape(query)}" '
        'placeholder="Tìm tài liệu, ví dụ: chuyen doi so" aria-label="Tìm kiếm">'
        "<button type=\"submit\">Tìm</button></form>"
    )
    if query and not results:
        listing = f'<p>Không tìm thấy tài liệu nào cho “{escape(query)}”.</p>'
    else:
        heading = (f"<p class=\"note\">Kết quả cho “{escape(query)}”</p>" if query
                   else "<p class=\"note\">Tài liệu mới nhất</p>")
        more = ""
        if total is not None and total > len(results):
            more = (f'<p class="note">Đang hiện {len(results)} trên {total} tài liệu — '
                    "hãy tìm kiếm để thấy các tài liệu khác.</p>")
        listing = (heading + '<ul class="items">'
                   + "".join(_result(item, snip) for item, snip in results) + "</ul>" + more)
    return _layout(station, f"<h1>Thư viện của trạm</h1>{form}{listing}", station)


def error_page(status: int, message_vi: str, *, station: str) -> str:
    return _layout(f"{status}", f"<h1>{escape(message_vi)}</h1>"
                   '<p><a href="/">← Về trang đầu</a></p>', station)
