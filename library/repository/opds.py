"""OPDS 1.2 both ways: feeds written by `publish`, plain feeds read by `import`.

Writing: `opds/index.xml` is a navigation feed (all items, newest, each
kind, each tag); each leads to paginated acquisition feeds whose entries
link straight to the content-addressed objects (`../objects/ab/cdef…`) with
their media type, plus cover and thumbnail. KOReader, Thorium and calibre
browse it from any static server.

Reading: `crawl(url)` follows navigation and `next` links (bounded, each
feed fetched once) and yields entries with their best acquisition link —
PDF, then EPUB, then any other format the station opens. Parsing uses the
standard library's expat, which refuses entity-expansion bombs. A feed's
links are followed only to the servers `LinkRule` allows: the feed's own,
and those `sync.allowed_hosts` lists.
"""

from __future__ import annotations

import hashlib
import logging
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, quote, unquote, urlencode, urljoin, urlsplit

from ..catalog import KIND_NAMES_VI, KINDS
from ..errors import SyncError
from . import index as idx

ATOM = "http://www.w3.org/2005/Atom"
DC = "http://purl.org/dc/terms/"
OPDS = "http://opds-spec.org/2010/catalog"
NAV_TYPE = "application/atom+xml;profile=opds-catalog;kind=navigation"
ACQ_TYPE = "application/atom+xml;profile=opds-catalog;kind=acquisition"
REL_ACQ = "http://opds-spec.org/acquisition"
REL_IMAGE = "http://opds-spec.org/image"
REL_THUMB = "http://opds-spec.org/image/thumbnail"
PAGE_SIZE = 50
#: A summary in the feeds is cut here: an entry is written once per feed that lists it
#: (all, its kind, each of its tags), so a long one multiplied the feeds' size (a 2 MB
#: summary with 3000 tags made 6 GB of feeds); phones show a few lines of it anyway.
SUMMARY_CHARS = 1000
ET.register_namespace("", ATOM)
ET.register_namespace("dc", DC)
ET.register_namespace("opds", OPDS)


def _q(ns: str, tag: str) -> str:
    return f"{{{ns}}}{tag}"


def _feed(feed_id: str, title: str, updated: str, self_href: str, kind_type: str) -> ET.Element:
    feed = ET.Element(_q(ATOM, "feed"))
    ET.SubElement(feed, _q(ATOM, "id")).text = feed_id
    ET.SubElement(feed, _q(ATOM, "title")).text = title
    ET.SubElement(feed, _q(ATOM, "updated")).text = updated
    author = ET.SubElement(feed, _q(ATOM, "author"))
    ET.SubElement(author, _q(ATOM, "name")).text = title
    _link(feed, "self", self_href, kind_type)
    _link(feed, "start", "index.xml", NAV_TYPE)
    return feed


def _link(parent: ET.Element, rel: str, href: str, mtype: str, **extra: str) -> None:
    ET.SubElement(parent, _q(ATOM, "link"), {"rel": rel, "href": href, "type": mtype, **extra})


#: What XML 1.0 cannot hold at all, even escaped (C0 controls but tab and newlines,
#: lone surrogates, U+FFFE/U+FFFF): one of them makes a whole feed unreadable.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_safe(feed: ET.Element) -> None:
    """Drop the characters XML cannot carry from every text and attribute of `feed`."""
    for elem in feed.iter():
        if elem.text:
            elem.text = _NOT_XML.sub("", elem.text)
        for name, value in elem.attrib.items():
            elem.attrib[name] = _NOT_XML.sub("", value)


def _write(path: Path, feed: ET.Element) -> None:
    """One feed page, written whole into the folder `write_feeds` fills: a new one
    (publish's staging), so no killed writer's temporary file is looked for there."""
    from .publish import write_atomic

    _xml_safe(feed)
    ET.indent(feed)
    data = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    write_atomic(path, data, left_temps=False)


def _tag_slug(tag: str) -> str:
    from .publish import slug

    return slug(tag) or "tag"


def _tag_groups(index: idx.Index) -> dict[str, tuple[str, list[idx.IndexItem]]]:
    """Each tag's items under a file-name slug of its own.

    Folding marks makes different words one slug (`đường` and `dương` are
    both `duong`); the first in sorted order keeps the plain slug, the others
    get a piece of their own hash, so no tag's feed lists another tag's items.
    """
    by_tag: dict[str, list[idx.IndexItem]] = {}
    for item in index.items:
        for tag in item.data.get("tags", []):
            chosen = by_tag.setdefault(tag, [])
            if not chosen or chosen[-1] is not item:  # a tag given twice lists it once
                chosen.append(item)
    groups: dict[str, tuple[str, list[idx.IndexItem]]] = {}
    for tag in sorted(by_tag):
        name, digest = _tag_slug(tag), hashlib.sha256(tag.encode()).hexdigest()
        length = 6
        while name in groups:  # (a longer piece if a tag is spelt like a made name)
            name, length = f"{_tag_slug(tag)[:48]}-{digest[:length]}", length + 2
        groups[name] = (tag, by_tag[tag])
    return groups


def write_feeds(out: Path, index: idx.Index) -> list[Path]:
    """Write the OPDS catalog for `index` into `out/opds/`, a folder new to it (publish
    makes `out` for it alone, and swaps the feeds in whole)."""
    folder = out / "opds"
    folder.mkdir(exist_ok=True)
    updated = index.signed["created"]
    base_id = f"urn:cafesach:{index.repository}"
    written: list[Path] = []
    groups: list[tuple[str, str, list[idx.IndexItem]]] = [("all", "Tất cả", list(index.items))]
    for kind in KINDS:
        chosen = [i for i in index.items if i.data["kind"] == kind]
        if chosen:
            groups.append((f"kind-{kind}", KIND_NAMES_VI[kind], chosen))
    for tag_slug, (tag, chosen) in sorted(_tag_groups(index).items()):
        groups.append((f"tag-{tag_slug}", tag, chosen))
    nav = _feed(base_id, index.title, updated, "index.xml", NAV_TYPE)
    for name, title, chosen in groups:
        entry = ET.SubElement(nav, _q(ATOM, "entry"))
        ET.SubElement(entry, _q(ATOM, "title")).text = title
        ET.SubElement(entry, _q(ATOM, "id")).text = f"{base_id}:{name}"
        ET.SubElement(entry, _q(ATOM, "updated")).text = updated
        ET.SubElement(entry, _q(ATOM, "content"), {"type": "text"}).text = \
            f"{len(chosen)} mục"
        _link(entry, "subsection", f"{name}-1.xml", ACQ_TYPE)
        pages = max(1, -(-len(chosen) // PAGE_SIZE))
        for page in range(1, pages + 1):
            feed = _feed(f"{base_id}:{name}:{page}", f"{index.title} — {title}", updated,
                         f"{name}-{page}.xml", ACQ_TYPE)
            _link(feed, "up", "index.xml", NAV_TYPE)
            if page > 1:
                _link(feed, "previous", f"{name}-{page - 1}.xml", ACQ_TYPE)
            if page < pages:
                _link(feed, "next", f"{name}-{page + 1}.xml", ACQ_TYPE)
            for item in chosen[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]:
                _entry(feed, base_id, item, updated)
            path = folder / f"{name}-{page}.xml"
            _write(path, feed)
            written.append(path)
    _write(folder / "index.xml", nav)
    written.append(folder / "index.xml")
    return written


def _shortened(text: str) -> str:
    """`text` cut at `SUMMARY_CHARS`, at a word's end where one is near, marked with '…'."""
    if len(text) <= SUMMARY_CHARS:
        return text
    cut = text[:SUMMARY_CHARS]
    space = cut.rfind(" ", SUMMARY_CHARS - 100)
    return (cut[:space] if space > 0 else cut).rstrip() + "…"


def _entry(feed: ET.Element, base_id: str, item: idx.IndexItem, updated: str) -> None:
    data = item.data
    entry = ET.SubElement(feed, _q(ATOM, "entry"))
    ET.SubElement(entry, _q(ATOM, "title")).text = data["title"]
    ET.SubElement(entry, _q(ATOM, "id")).text = f"{base_id}:item:{item.id}"
    ET.SubElement(entry, _q(ATOM, "updated")).text = updated
    for name in data.get("authors", []):
        author = ET.SubElement(entry, _q(ATOM, "author"))
        ET.SubElement(author, _q(ATOM, "name")).text = name
    ET.SubElement(entry, _q(DC, "language")).text = data.get("language") or "vi"
    if data.get("published"):
        ET.SubElement(entry, _q(DC, "issued")).text = data["published"]
    for tag in data.get("tags", []):
        ET.SubElement(entry, _q(ATOM, "category"), {"term": tag, "label": tag})
    if data.get("summary"):
        ET.SubElement(entry, _q(ATOM, "summary"), {"type": "text"}).text = \
            _shortened(data["summary"])
    if item.object:
        _link(entry, REL_ACQ + "/open-access", f"../{item.object.path}",
              data.get("media_type") or "application/octet-stream",
              length=str(item.object.size), title=data.get("filename", ""))
    if item.cover:
        _link(entry, REL_IMAGE, f"../{item.cover.path}", "image/png")
        _link(entry, REL_THUMB, f"../{item.cover.path}", "image/png")


# -- reading ------------------------------------------------------------------
log = logging.getLogger(__name__)


def link_host(url: str) -> str:
    """The server name a link goes to, as `LinkRule` compares it: small letters, no
    dot at the end, an IPv6 address without its brackets; "" when there is none."""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return host.rstrip(".")


class LinkRule:
    """Which servers an unsigned feed may send the station to: the feed's own host
    name (any port, http or https) and the names `sync.allowed_hosts` lists.

    Why: a feed is unsigned text from one server, and its links may name any
    address; followed blindly, a feed would make the station fetch from a
    machine on its own LAN, the cloud's metadata address (169.254.169.254) or a
    service on the station itself, and import what came as a publication. A
    province whose files sit on another server (a CDN) names it in
    `sync.allowed_hosts`. Names are compared as written: another spelling of
    an address (`localhost` for `127.0.0.1`) is another name, refused unless listed.
    """

    def __init__(self, feed_url: str, allowed_hosts: tuple[str, ...] = ()) -> None:
        listed = {link_host(h) if "://" in h else h.strip().strip("[]").lower().rstrip(".")
                  for h in allowed_hosts}
        self.hosts = frozenset(h for h in {link_host(feed_url), *listed} if h)

    def allows(self, url: str) -> bool:
        return link_host(url) in self.hosts

    def refusal(self, url: str) -> tuple[str, str]:
        """The reason a link to `url` is not followed, in English and Vietnamese."""
        host = link_host(url) or url[:80]
        return (f"its link goes to another server ({host}), neither the feed's nor one in "
                "sync.allowed_hosts",
                f"liên kết trỏ tới máy chủ khác ({host}), không phải máy chủ của danh mục "
                "hay máy chủ trong sync.allowed_hosts.")


#: Preferred acquisition formats, best first.
PREFERRED = ("application/pdf", "application/epub+zip")
MAX_FEED_BYTES = 8 * 1024 * 1024
MAX_FEEDS = 500
#: A link's `length` as bytes: ASCII digits, few enough for a number (`str.isdigit`
#: also takes "²" and "١٢", and `int` refuses more than 4300 digits).
_LENGTH = re.compile(r"[0-9]{1,18}")


@dataclass
class FeedEntry:
    """One publication in a plain OPDS feed."""

    entry_id: str
    title: str
    authors: list[str] = field(default_factory=list)
    summary: str = ""
    tags: list[str] = field(default_factory=list)
    language: str | None = None
    published: str | None = None
    href: str = ""
    media_type: str = ""
    size: int | None = None


def _text(elem: ET.Element | None) -> str:
    return (elem.text or "").strip() if elem is not None else ""


def parse_feed(data: bytes, base_url: str) -> tuple[list[FeedEntry], list[str]]:
    """Entries with an acquisition link, and the feed URLs to follow next."""
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        head = data[:200].lstrip().lower()
        if head.startswith((b"<!doctype html", b"<html")):
            raise SyncError(f"{base_url}: got a web page, not an OPDS feed (a captive portal?)",
                            message_vi="Nhận được trang web thay vì danh mục OPDS.") from exc
        raise SyncError(f"{base_url}: not an OPDS feed ({exc})") from exc
    if root.tag.rsplit("}", 1)[-1].lower() == "html":
        raise SyncError(f"{base_url}: got a web page, not an OPDS feed (a captive portal?)",
                        message_vi="Nhận được trang web thay vì danh mục OPDS.")
    if root.tag != _q(ATOM, "feed"):
        raise SyncError(f"{base_url}: not an Atom/OPDS feed")
    follow: list[str] = []
    for link in root.findall(_q(ATOM, "link")):
        if link.get("rel") == "next" and link.get("href"):
            follow.append(urljoin(base_url, link.get("href", "")))
    entries: list[FeedEntry] = []
    from ..formats import FORMATS

    supported = {media for media, _kind in FORMATS.values()}
    for entry in root.findall(_q(ATOM, "entry")):
        best: tuple[int, str, str, int | None] | None = None
        for link in entry.findall(_q(ATOM, "link")):
            rel, href = link.get("rel") or "", link.get("href") or ""
            mtype = (link.get("type") or "").split(";")[0].strip()
            if not href:
                continue
            if "profile=opds-catalog" in (link.get("type") or "") and rel not in (
                    REL_IMAGE, REL_THUMB):
                follow.append(urljoin(base_url, href))
                continue
            if not rel.startswith(REL_ACQ) or mtype not in supported:
                continue
            rank = PREFERRED.index(mtype) if mtype in PREFERRED else len(PREFERRED)
            length = link.get("length")
            if best is None or rank < best[0]:
                best = (rank, urljoin(base_url, href), mtype,
                        int(length) if length and _LENGTH.fullmatch(length) else None)
        if best is None:
            continue
        entries.append(FeedEntry(
            entry_id=_text(entry.find(_q(ATOM, "id"))) or best[1],
            title=_text(entry.find(_q(ATOM, "title"))),
            authors=[_text(a.find(_q(ATOM, "name"))) for a in entry.findall(_q(ATOM, "author"))
                     if _text(a.find(_q(ATOM, "name")))],
            summary=_text(entry.find(_q(ATOM, "summary"))) or _text(
                entry.find(_q(ATOM, "content"))),
            tags=[c.get("label") or c.get("term") or "" for c in
                  entry.findall(_q(ATOM, "category")) if c.get("term")],
            language=_text(entry.find(_q(DC, "language"))) or None,
            published=_text(entry.find(_q(DC, "issued"))) or None,
            href=best[1], media_type=best[2], size=best[3]))
    return entries, follow


def crawl(start: str, get: Callable[[str], bytes], *, rule: LinkRule | None = None,
          refused: Callable[[str], None] | None = None) -> Iterator[FeedEntry]:
    """Every publication reachable from `start`, each once (by acquisition URL).

    A feed page (`next`, navigation) on a server `rule` does not allow is not
    fetched: logged, and passed to `refused`. Entries are yielded whatever their
    links: the caller skips those `rule` refuses, keeping them listed."""
    queue, seen_feeds, seen_links = [start], set(), set()
    refused_pages: set[str] = set()
    while queue:
        url = queue.pop(0)
        if url in seen_feeds:
            continue
        seen_feeds.add(url)
        if len(seen_feeds) > MAX_FEEDS:
            raise SyncError(f"{start}: more than {MAX_FEEDS} feeds; giving up")
        entries, follow = parse_feed(get(url), url)
        for entry in entries:
            if entry.href not in seen_links:
                seen_links.add(entry.href)
                yield entry
        for page in follow:
            if page in seen_feeds or page in refused_pages:
                continue
            if rule is not None and not rule.allows(page):
                refused_pages.add(page)  # said once, however many pages link to it
                log.warning("a feed page was not fetched: %s", rule.refusal(page)[0])
                if refused is not None:
                    refused(page)
                continue
            queue.append(page)


def source_id(url: str) -> str:
    """A repository id for an unsigned OPDS source: `opds-<host>` (with its port), and
    for a feed below the server's root its path and query too (`opds-<host>-calibre-
    opds-<8 hex>`).

    The path and query tell two feeds of one server apart: a calibre content server
    gives each of its libraries the same host and port (`/opds?library_id=…`), and an
    import removes what its feed no longer lists from everything under its id — under
    one id for both, each feed's sync removed the other's items. Their folded text
    keeps the id readable; the digest of them keeps two that fold alike (`/Sach` and
    `/sach`) or are cut alike apart. The address is taken as the feed it names
    (`feed_address`): a librarian who writes it anew — the host in capitals, the
    default port, a slash at the end, the query's parameters in another order, a
    letter percent-encoded or not, a fragment — keeps the feed's id, so its next sync
    does not fetch every publication again under a new one.

    Never the user name and password a protected feed's address carries
    (`https://kho:…@host/opds`): the id is shown wherever the source is named — the
    import's line, `sync --status`, the panel, the health report — and, folded to
    letters and dashes, no line's hiding of addresses would find the password in it."""
    server, where = _feed_parts(url)
    return _with_where(_id_of(server), where)


def feed_address(url: str) -> str:
    """The feed `url` names, written one way: `host[:port]/path?query` with no scheme,
    user name, password or fragment, the host in small letters, no default port, no
    slash at the end, the path's letters percent-encoded alike and the query's
    parameters in order. Two spellings of one feed give one address."""
    return "".join(_feed_parts(url))


def _feed_parts(url: str) -> tuple[str, str]:
    """`feed_address` as (`host[:port]`, `/path?query`)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").rstrip(".")
    if ":" in host:
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:
        port = None
    if port is not None and port != {"http": 80, "https": 443}.get(parts.scheme.lower()):
        host += f":{port}"
    path = quote(unquote(parts.path), safe="/:@!$&'()*+,;=~").rstrip("/")
    query = urlencode(sorted(parse_qsl(parts.query, keep_blank_values=True)), quote_via=quote)
    return host, path + (f"?{query}" if query else "")


def _with_where(host: str, where: str) -> str:
    """A server's id with a feed's path and query (`where`) added, when it has one."""
    if not where:
        return host
    mark = hashlib.sha256(where.encode()).hexdigest()[:8]
    folded = re.sub(r"[^a-z0-9.]+", "-", where.lower()).strip("-")[:20].strip("-")
    return "-".join(part for part in (host[:40].strip("-"), folded, mark) if part)


def former_source_ids(url: str) -> list[str]:
    """The ids earlier versions gave `url`'s feed, newest first: its server, path and
    query as written (before `feed_address`), `opds-<host>` (the server alone, so two
    feeds of one server shared it), and before that the whole `user:password@host:port`
    (a protected feed's password folded into it). A station that synced the feed then
    holds its items under one of them; the next import takes them over
    (`importer.import_opds`). Two feeds that shared the server's id: the first to sync
    takes all, removes the other's as not its own, and the other fetches its own again
    at its next sync — once."""
    parts = urlsplit(url)
    netloc = parts.netloc
    server = _id_of(netloc.rpartition("@")[2])
    as_written = parts.path.rstrip("/") + (f"?{parts.query}" if parts.query else "")
    ids = [_with_where(server, as_written), server, _id_of(netloc)]
    current = source_id(url)
    return [former for n, former in enumerate(ids) if former != current and former not in ids[:n]]


def _id_of(netloc: str) -> str:
    return ("opds-" + re.sub(r"[^a-z0-9.]+", "-", netloc.lower())).strip("-")[:64]
