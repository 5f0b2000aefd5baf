"""With the disk cache switched off (`documents.disk_cache_mb = 0`) the pages an earlier
setting cached are deleted: nothing would ever read or trim them again."""

from __future__ import annotations

from pathlib import Path

from library.documents import DocumentEngine


def _old_pages(cache: Path) -> Path:
    pages = cache / "pages"
    (pages / "ab").mkdir(parents=True)
    (pages / "ab" / "ab12.page").write_bytes(b"\0" * 4096)
    return pages


def test_switching_the_disk_cache_off_deletes_its_pages(tmp_path: Path) -> None:
    pages = _old_pages(tmp_path / "cache")
    (tmp_path / "cache" / "speech.wav").write_bytes(b"RIFF")  # not the engine's
    with DocumentEngine(cache_dir=tmp_path / "cache", disk_cache_mb=0,
                        standby_worker=False) as engine:
        assert engine.disk_cache is None
    assert not pages.exists()
    assert (tmp_path / "cache" / "speech.wav").exists()


def test_with_the_disk_cache_on_its_pages_stay(tmp_path: Path) -> None:
    pages = _old_pages(tmp_path / "cache")
    with DocumentEngine(cache_dir=tmp_path / "cache", disk_cache_mb=8, standby_worker=False):
        pass
    assert (pages / "ab" / "ab12.page").exists()
