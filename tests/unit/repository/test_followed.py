"""The repositories the health report shows: the configured ones and those whose content is
still here, not every address a sync was ever tried from."""

from __future__ import annotations

from library.catalog import Catalog, Item
from library.config import Config
from library.errors import SyncError
from library.paths import DataPaths
from library.report import health_report
from library.repository import status
from library.repository.importer import record_sync_failure

GOOD = "https://thuvien.tinh.gov.vn/kho"
TYPO = "https://thuvien.tinh.gov.vn/khoo"


def synced(catalog: Catalog, repository: str, url: str | None, *items: str,
           extensions: str = "{}") -> None:
    with catalog.atomic():
        status.save(catalog, status.RepositoryState(
            id=repository, title=repository, url=url, version=3, status="ok",
            last_sync="2026-03-01T08:00:00+00:00", extensions=extensions))
        for item_id in items:
            catalog.put(Item(id=item_id, title=item_id, kind="bulletin", source=repository),
                        ["Bản tin."])


def shown(data_paths: DataPaths, catalog: Catalog, config: Config) -> list[str]:
    return [s["id"] for s in health_report(data_paths, catalog, config)["last_sync"]]


def test_an_address_typed_wrong_once_goes_once_it_is_put_right(
        data_paths: DataPaths, catalog: Catalog) -> None:
    config = Config(data_paths.config_file, {"sync": {"server_url": TYPO}})
    record_sync_failure(catalog, TYPO, SyncError("404 Not Found"))
    assert shown(data_paths, catalog, config) == [TYPO]  # configured: its failure is news
    config.set("sync", "server_url", f" {GOOD}/ ")  # as typed on the panel's keyboard
    record_sync_failure(catalog, GOOD, SyncError("timed out"))
    assert shown(data_paths, catalog, config) == [GOOD]
    synced(catalog, "tinh-lam-dong", GOOD, "tin-1")
    assert shown(data_paths, catalog, config) == [GOOD, "tinh-lam-dong"]
    assert TYPO in [s.id for s in status.all_states(catalog)]  # kept: `sync --status` lists it


def test_content_still_in_the_catalog_keeps_its_repository_shown(
        data_paths: DataPaths, catalog: Catalog) -> None:
    config = Config(data_paths.config_file, {"sync": {"server_url": GOOD}})
    synced(catalog, "tinh-cu", "https://cu.example/kho", "tin-cu")  # an earlier server
    synced(catalog, "goi-usb", None, "tin-usb")  # a pack from a stick
    synced(catalog, "lich-phat", None, extensions='{"schedules": []}')  # a schedule only
    synced(catalog, "bo-roi", "https://bo.example/kho")  # left behind, nothing of it here
    assert shown(data_paths, catalog, config) == ["goi-usb", "lich-phat", "tinh-cu"]


def test_an_unsigned_source_the_librarian_trusted_is_shown(
        data_paths: DataPaths, catalog: Catalog) -> None:
    feed = "http://192.168.1.20:8080/opds"
    config = Config(data_paths.config_file, {"sync": {"unsigned_sources": [feed]}})
    record_sync_failure(catalog, feed, SyncError("connection refused"))
    record_sync_failure(catalog, TYPO, SyncError("404 Not Found"))
    assert shown(data_paths, catalog, config) == [feed]
