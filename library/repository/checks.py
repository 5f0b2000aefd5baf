"""The "repository" self-test: leftovers cleaned, files of synced items present, status.

Run at start-up by `cafesach selftest` (and the kiosk's own self-test), it is
also "the next start" of the crash-safety promise: an import interrupted by a
power cut leaves folders in `staging/`, which this check removes.
"""

from __future__ import annotations

from ..cli import counted
from ..paths import DataPaths
from ..selftest import register


@register("repository")
def repository_check(paths: DataPaths) -> str:
    from ..station_disk import open_station_catalog
    from . import status
    from .importer import recover_if_idle
    from .trust import TrustStore

    paths.refuse_folder_of_documents()  # (its lock would make staging/ among them)
    cleaned = recover_if_idle(paths)
    # as the kiosk opens it: on a disk with no room to upgrade it after an update, the
    # copy upgraded in memory (the "catalog" check says so), never the upgrade tried here
    with open_station_catalog(paths) as catalog:
        states = status.all_states(catalog)
        keys = [k for k in TrustStore(catalog).all_keys() if not k.revoked]
        missing = [item.id for item in catalog.items(include_hidden=True)
                   if item.source != "local" and item.sha256
                   and not catalog.objects.has(item.sha256)]  # type: ignore[union-attr]
    if missing:
        raise RuntimeError(f"files missing for {counted(len(missing), 'synced item')} "
                           f"(e.g. {missing[0]}); run `cafesach sync` or import the pack again")
    parts = [counted(len(keys), "trusted key")]
    parts += [f"{s.id}: {status.status_vi(s)}" for s in states]
    if cleaned:
        parts.append(f"removed {counted(len(cleaned), 'interrupted import')}")
    return "; ".join(parts)
