"""What a sync warned of stays with the repository's status for as long as it holds.

A warning about the library's content (an entry taken into another collection than
its published kind) describes the catalog until a sync changes what it is about: a
later sync that finds nothing new on the server, or one that fails, keeps it, dated
by the sync that raised it. Warnings about one check (the clock) are said anew by
each sync.
"""

from __future__ import annotations

import json
import os
from datetime import timedelta
from pathlib import Path

import pytest

from library.errors import SyncError
from library.repository import importer, notices, status
from library.repository import index as idx
from library.repository.importer import import_from
from library.repository.keys import PrivateKey
from library.repository.publish import publish
from tests.clirun import cafesach

from .helpers import make_pdf
from .test_kinds import republish_with_kinds, station
from .test_sync import FAST

MISFIT = ("item tin (text/plain) cannot go in the book collection; taken into bulletin "
          "instead (ask the editor to correct its kind)")


@pytest.fixture
def misfit_repo(tmp_path: Path) -> tuple[Path, PrivateKey]:
    """A repository whose `tin` (a text bulletin) is published as a book."""
    key = PrivateKey.generate()
    src = tmp_path / "src"
    src.mkdir()
    (src / "tin.txt").write_text("Bản tin sáng\nGiá lúa hôm nay.", encoding="utf-8")
    make_pdf(src / "so-tay.pdf", "Sổ tay", "Đảng viên gương mẫu.")
    publish(src, tmp_path / "repo", key, repository="vn.a")
    republish_with_kinds(tmp_path / "repo", key, {"tin": "book"})
    return tmp_path / "repo", key


@pytest.fixture
def clock(monkeypatch) -> list[str]:
    """The time each sync records (UTC); a test sets the next one by appending."""
    times = ["2026-11-26T03:00:00+00:00"]  # 10:00 at the station (Asia/Ho_Chi_Minh)
    monkeypatch.setattr(importer, "now_iso", lambda: times[-1])
    return times


def serve_again(nginx, repo: Path, name: str) -> str:
    """Serve `repo`'s new index under a new ETag (nginx makes it from mtime and size, and
    a test republishes within the same second)."""
    index = repo / idx.INDEX_NAME
    later = index.stat().st_mtime + 10
    os.utime(index, (later, later))
    return nginx.serve(repo, name)


def status_lines(capsys, paths) -> list[str]:
    code, out, err = cafesach(capsys, "--data", str(paths.root), "sync", "--status")
    assert code == 0, err
    return out.splitlines()


def test_a_sync_that_finds_nothing_new_keeps_the_warning_with_its_date(
        capsys, tmp_path: Path, misfit_repo, nginx, clock) -> None:
    repo, key = misfit_repo
    url = nginx.serve(repo, "warned-304")
    paths, catalog = station(tmp_path / "data", key)
    first = import_from(paths, catalog, url, settings=FAST)
    assert first.warnings == [MISFIT]
    clock.append("2026-11-26T04:00:00+00:00")  # an hour later
    again = import_from(paths, catalog, url, settings=FAST)
    assert again.status == "unchanged" and again.requests == 1  # a 304: nothing read
    assert again.warnings == []  # this sync itself had nothing new to say
    state = status.get(catalog, "vn.a")
    assert state.last_sync == "2026-11-26T04:00:00+00:00"
    [kept] = state.warnings
    assert kept.notice == MISFIT and kept.notice.code == notices.KIND_MISFIT
    assert kept.raised == "2026-11-26T03:00:00+00:00"
    assert kept.notice.message_vi.startswith("Mục tin không xếp được vào «Sách điện tử»")
    assert state.message == MISFIT
    catalog.close()
    assert status_lines(capsys, paths) == [
        "vn.a: Đồng bộ lần cuối 11:00 26/11/2026 (phiên bản 2)",
        "  Cảnh báo từ lần đồng bộ 10:00 26/11/2026:",
        f"    {MISFIT}"]
    code, out, _err = cafesach(capsys, "--data", str(paths.root), "sync", "--status", "--json")
    [data] = json.loads(out)
    assert code == 0
    assert data["warnings"] == [{"text": MISFIT, "text_vi": kept.notice.message_vi,
                                 "code": "kind-misfit", "raised": "2026-11-26T03:00:00+00:00"}]


def test_reading_the_same_index_again_says_the_warning_as_of_that_sync(
        capsys, tmp_path: Path, misfit_repo, clock) -> None:
    """A folder or pack read again (no 304 there): the index is checked anew, so what
    holds of its warnings is dated by this sync, and the command's own output stays
    quiet about what it did not do."""
    repo, key = misfit_repo
    paths, catalog = station(tmp_path / "data", key)
    import_from(paths, catalog, str(repo))
    clock.append("2026-11-26T04:00:00+00:00")
    again = import_from(paths, catalog, str(repo))
    assert again.status == "unchanged" and again.warnings == []
    [kept] = status.get(catalog, "vn.a").warnings
    assert kept.notice == MISFIT and kept.raised == "2026-11-26T04:00:00+00:00"
    catalog.close()
    assert status_lines(capsys, paths)[1:] == [f"  {MISFIT}"]


def test_a_sync_that_changes_the_catalog_says_what_holds_after_it(
        capsys, tmp_path: Path, misfit_repo, nginx, clock) -> None:
    repo, key = misfit_repo
    url = nginx.serve(repo, "warned-changed")
    paths, catalog = station(tmp_path / "data", key)
    import_from(paths, catalog, url, settings=FAST)
    # the editor publishes again, changing another item: tin is still published as a book
    signed = json.loads((repo / idx.INDEX_NAME).read_bytes())["signed"]
    for entry in signed["items"]:
        if entry["id"] == "so-tay":
            entry["title"] = "Sổ tay đảng viên (bản mới)"
    signed["version"] += 1
    (repo / idx.INDEX_NAME).write_bytes(idx.sign(signed, key))
    url = serve_again(nginx, repo, "warned-changed")
    clock.append("2026-11-26T04:00:00+00:00")
    changed = import_from(paths, catalog, url, settings=FAST)
    assert changed.updated == ["so-tay"] and changed.warnings == []
    [kept] = status.get(catalog, "vn.a").warnings  # tin is still where the notice said
    assert kept.notice == MISFIT and kept.raised == "2026-11-26T04:00:00+00:00"
    # the editor corrects the kind: the warning has said what it had to
    republish_with_kinds(repo, key, {"tin": "bulletin"})
    url = serve_again(nginx, repo, "warned-changed")
    clock.append("2026-11-26T05:00:00+00:00")
    corrected = import_from(paths, catalog, url, settings=FAST)
    assert corrected.status == "imported" and corrected.warnings == []
    state = status.get(catalog, "vn.a")
    assert state.warnings == () and state.message == ""
    catalog.close()
    assert status_lines(capsys, paths) == [
        "vn.a: Đồng bộ lần cuối 12:00 26/11/2026 (phiên bản 4)"]


def test_a_failed_sync_keeps_the_warning_under_its_error(
        capsys, tmp_path: Path, misfit_repo, nginx, clock) -> None:
    repo, key = misfit_repo
    url = nginx.serve(repo, "warned-error")
    paths, catalog = station(tmp_path / "data", key)
    import_from(paths, catalog, url, settings=FAST)
    (nginx.www / "warned-error" / idx.INDEX_NAME).rename(nginx.www / "warned-error" / "x")
    clock.append("2026-11-26T04:00:00+00:00")
    with pytest.raises(SyncError, match="404"):
        import_from(paths, catalog, url, settings=FAST)
    catalog.close()
    lines = status_lines(capsys, paths)
    assert lines[0].startswith("vn.a: Đồng bộ lỗi (lần cuối thành công 10:00 26/11/2026")
    assert lines[1:] == ["  Cảnh báo từ lần đồng bộ 10:00 26/11/2026:", f"    {MISFIT}"]


def test_a_warning_about_the_check_is_said_by_each_sync_anew(
        tmp_path: Path, misfit_repo, nginx) -> None:
    """A clock run ahead is named while it is wrong; once it is set right, the next
    sync (a 304 again) drops it and keeps the content's warning."""
    repo, key = misfit_repo
    url = nginx.serve(repo, "warned-clock")
    paths, catalog = station(tmp_path / "data", key)
    import_from(paths, catalog, url, settings=FAST)
    wrong = import_from(paths, catalog, url, settings=FAST,
                        now=idx.utc_now() + timedelta(days=400))
    assert [w.code for w in wrong.warnings] == [notices.CLOCK]
    codes = [w.notice.code for w in status.get(catalog, "vn.a").warnings]
    assert codes == [notices.KIND_MISFIT, notices.CLOCK]
    import_from(paths, catalog, url, settings=FAST)  # the clock set right
    state = status.get(catalog, "vn.a")
    assert [w.notice for w in state.warnings] == [MISFIT] and state.status == "ok"
    catalog.close()


def test_a_station_synced_before_warnings_were_kept_keeps_its_last_message(
        capsys, tmp_path: Path, misfit_repo, nginx, clock) -> None:
    """Only the joined `message` there: kept whole, under its sync's date, until a
    sync reads the index again."""
    repo, key = misfit_repo
    url = nginx.serve(repo, "warned-old")
    paths, catalog = station(tmp_path / "data", key)
    import_from(paths, catalog, url, settings=FAST)
    with catalog.atomic():  # as an older version left it: the warnings in `message` only
        catalog.execute("DELETE FROM state WHERE key = ?", [status.WARNINGS_KEY + "vn.a"])
        catalog.execute("UPDATE repositories SET message = ? WHERE id = 'vn.a'", [MISFIT])
    assert status.get(catalog, "vn.a").warnings is None
    clock.append("2026-11-26T04:00:00+00:00")
    import_from(paths, catalog, url, settings=FAST)  # a 304
    catalog.close()
    assert status_lines(capsys, paths)[1:] == ["  Cảnh báo từ lần đồng bộ 10:00 26/11/2026:",
                                               f"    {MISFIT}"]
