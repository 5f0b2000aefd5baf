"""Real content packs made at test time with the station's own commands."""

from __future__ import annotations

from pathlib import Path

from kiosk.main import main


def build_pack(root: Path, pdf: Path, *, repo_id: str = "kho-tinh",
               title: str = "Kho sách của tỉnh") -> tuple[Path, Path]:
    """Publish `pdf` as a repository and pack it; return (pack.zip, publisher.pub)."""
    src = root / f"{repo_id}-src"
    src.mkdir(parents=True)
    (src / pdf.name).write_bytes(pdf.read_bytes())
    keys = root / f"{repo_id}-key"
    assert main(["keygen", "--out", str(keys)]) == 0
    repo = root / f"{repo_id}-repo"
    assert main(["publish", str(src), "--out", str(repo), "--key", str(keys / "publisher.key"),
                 "--id", repo_id, "--title", title]) == 0
    pack = root / f"{repo_id}.zip"
    assert main(["pack", str(repo), "--out", str(pack)]) == 0
    return pack, keys / "publisher.pub"


def trust(data: Path, public: Path) -> None:
    assert main(["--data", str(data), "trust", "add", str(public), "--name", "Sở VHTTDL"]) == 0
