"""Self-test check "handoff": the phone server starts and hands over a file.

Why a scratch station: the check must not depend on what the real catalog
holds, and must not open a port phones can see — it serves one tiny item
from a temporary data folder on 127.0.0.1 (port chosen by the system),
fetches a byte range and the item page, compares, and stops the server.
Then the station's own `[handoff]` settings are checked as the kiosk would
read them (a port phones can use, a stall limit above 0).
"""

from __future__ import annotations

import http.client
import os

from ..catalog import Catalog, Item
from ..config import Config
from ..paths import DataPaths
from ..selftest import register, scratch_dir

PROBE_TITLE = "Kiểm tra trạm: Sổ tay đảng viên"


@register("handoff")
def handoff_check(paths: DataPaths) -> str:
    """Serve a scratch item on 127.0.0.1 and read it back over HTTP."""
    from .server import HandoffServer

    with scratch_dir(paths) as folder:
        scratch = DataPaths(folder / "station").ensure()
        data = os.urandom(64 * 1024)
        with Catalog.open(scratch) as catalog:
            assert catalog.objects is not None
            sha = catalog.objects.add_bytes(data)
            catalog.put(Item(id="kiem-tra", title=PROBE_TITLE, kind="document", sha256=sha,
                             size=len(data), media_type="application/octet-stream"))
        with HandoffServer(scratch, host="127.0.0.1", port=0) as server:
            conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
            try:
                conn.request("GET", "/f/kiem-tra", headers={"Range": "bytes=100-4195"})
                response = conn.getresponse()
                body = response.read()
                if response.status != 206 or body != data[100:4196]:
                    raise RuntimeError(f"range download gave {response.status}, "
                                       f"{len(body)} bytes")
                conn.request("GET", "/i/kiem-tra")
                page = conn.getresponse().read().decode("utf-8")
                if PROBE_TITLE not in page:
                    raise RuntimeError("the item page lacks the Vietnamese title")
            finally:
                conn.close()
            port = server.port
    detail = f"served a file and a page on 127.0.0.1:{port} (aiohttp), then stopped"
    # The station's own [handoff] settings: one the kiosk would refuse (port 0,
    # stall_s 0) only shows in its log, so the technician hears of it here.
    config = Config.load(paths.config_file)
    if not config.get("handoff", "enabled"):
        return detail + "; handoff.enabled is off: phones get no files from this station"
    station = HandoffServer.from_config(paths, config)
    return detail + f"; phones use port {station.requested_port}"
