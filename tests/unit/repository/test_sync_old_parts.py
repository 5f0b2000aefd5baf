"""A partial download of a file the province has since replaced does not stay for good.

Why: what a sync cut short is kept in `staging/downloads/` to resume, and all of it is
deleted only once a sync succeeds. On a station whose every sync fails (a slow line
that always reaches `sync.deadline_min`, a server missing a file) the parts of every
version published meanwhile piled up there. Now a sync deletes the parts its index
does not name once nobody has written them for `PART_KEPT_S`, and keeps the rest.
"""

from __future__ import annotations

import os
import time

import pytest

from library.errors import SyncError
from library.repository.importer import import_from
from library.repository.sources import PART_KEPT_S

from .helpers import World, clip_of
from .test_sync import FAST


def test_a_failing_sync_deletes_old_parts_of_files_no_longer_published(world: World, nginx,
                                                                       station) -> None:
    paths, catalog = station
    url = nginx.serve(world.repo_v1, "old-parts")
    clip = clip_of(world.repo_v1)
    (nginx.www / "old-parts" / clip.path).unlink()  # every sync of this version fails
    downloads = paths.staging / "downloads"
    downloads.mkdir(parents=True)
    replaced, recent, wanted = "a" * 64, "b" * 64, clip.sha256
    for sha in (replaced, recent, wanted):
        (downloads / f"{sha}.part").write_bytes(b"x" * 1000)
        (downloads / f"{sha}.part.etag").write_text('"etag"')
    long_ago = time.time() - PART_KEPT_S - 3600
    for sha in (replaced, wanted):
        for name in (f"{sha}.part", f"{sha}.part.etag"):
            os.utime(downloads / name, (long_ago, long_ago))

    with pytest.raises(SyncError):
        import_from(paths, catalog, url, settings=FAST)

    left = sorted(p.name for p in downloads.iterdir())
    assert not any(name.startswith(replaced) for name in left)  # named by no index, old
    assert f"{recent}.part" in left and f"{recent}.part.etag" in left  # may be resumed yet
    assert any(name.startswith(wanted) for name in left)  # this index's: resumed next time
