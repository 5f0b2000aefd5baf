"""How large a province's index grows, and what a station pays to read one at the limit.

Builds signed indexes of realistic items (long Vietnamese titles and
summaries, tags, authors, chunk lists of large files, bulletins carrying
their text), through the same `index.sign` that `publish` uses, and reports

- bytes per item for the mix (and per kind), hence how many items fit in
  `MAX_INDEX_BYTES` and how many bytes `MAX_ITEMS` items take;
- the time and peak memory of `index.parse` on an index at the byte limit,
  each in a fresh process (peak RSS is the process' high-water mark), against
  the reference: the same for an index of 16 MB (the limit before).

Run: `.venv/bin/python bench/index_limits.py [--items N]`.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

from library.repository import index as idx
from library.repository.keys import PrivateKey

WORDS = ("chuyển đổi số nông nghiệp đảng viên hướng dẫn kỹ thuật trồng lúa nước nuôi cá lồng "
         "văn hóa lịch sử địa phương tỉnh Lâm Đồng Đà Lạt huyện xã phường thị trấn chợ bốn "
         "chấm không sổ tay nghị quyết chỉ thị thông báo ủy ban nhân dân sở thông tin truyền "
         "thông giáo dục y tế phòng chống dịch bệnh gia súc gia cầm cà phê chè rau hoa an toàn "
         "thực phẩm du lịch cộng đồng dân tộc thiểu số bảo tồn di sản làng nghề truyền thống "
         "pháp luật quyền nghĩa vụ công dân bầu cử thanh niên phụ nữ cựu chiến binh").split()
#: The mix of a provincial library (share of items): mostly documents with pages.
MIX = (("book", 0.40), ("document", 0.20), ("handbook", 0.08), ("infographic", 0.12),
       ("bulletin", 0.10), ("video", 0.05), ("audio", 0.05))
MB = 1024 * 1024


def words(rng: random.Random, low: int, high: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high)))


def sha(rng: random.Random) -> str:
    return hashlib.sha256(rng.randbytes(16)).hexdigest()


def ref(rng: random.Random, size: int) -> dict:
    data: dict = {"sha256": sha(rng), "size": size}
    if size > idx.CHUNK_SIZE:
        data["chunks"] = [sha(rng) for _ in range(-(-size // idx.CHUNK_SIZE))]
    return data


def item(rng: random.Random, number: int, kind: str) -> dict:
    """One index entry as `publish` writes it, with realistic lengths."""
    title = words(rng, 14, 26).capitalize()  # ≈ 80–150 characters
    size = {"book": rng.randint(2, 40) * MB, "document": rng.randint(1, 8) * MB,
            "handbook": rng.randint(2, 20) * MB, "infographic": rng.randint(1, 6) * MB,
            "bulletin": rng.randint(2, 8) * 1024, "video": rng.randint(40, 400) * MB,
            "audio": rng.randint(5, 60) * MB}[kind]
    paged = kind in ("book", "document", "handbook", "infographic")
    media = {"video": "video/mp4", "audio": "audio/mpeg", "bulletin": "text/plain"}.get(
        kind, "application/pdf")
    return {
        "id": f"{kind}-{number:06d}-thu-vien-tinh-lam-dong",
        "title": title,
        "kind": kind,
        "authors": [words(rng, 3, 5).title() for _ in range(rng.randint(1, 2))],
        "publisher": "Sở Văn hóa, Thể thao và Du lịch tỉnh Lâm Đồng",
        "language": "vi",
        "tags": [words(rng, 1, 3) for _ in range(rng.randint(2, 5))],
        "summary": words(rng, 50, 110).capitalize() + ".",  # ≈ 300–600 characters
        "published": f"20{rng.randint(10, 26)}-{rng.randint(1, 12):02d}-01",
        "public_url": f"https://thuvien.lamdong.gov.vn/tai-lieu/{number}"
        if rng.random() < 0.5 else None,
        "body": words(rng, 250, 600) if kind == "bulletin" else None,  # 1.5–3.5 KB of text
        "featured": False,
        "scanned": False,
        "page_count": rng.randint(4, 400) if paged else 0,
        "media_type": media,
        "filename": f"{title[:60]}.{media.rsplit('/', 1)[-1]}",
        "duration_s": float(rng.randint(60, 3600)) if kind in ("video", "audio") else None,
        "object": ref(rng, size),
        "cover": ref(rng, rng.randint(20, 90) * 1024),
        "text": ref(rng, rng.randint(5, 900) * 1024) if paged or kind == "bulletin" else None,
    }


def kinds(count: int) -> list[str]:
    out: list[str] = []
    for kind, share in MIX:
        out += [kind] * round(count * share)
    return (out + ["book"] * count)[:count]


def signed_index(items: list[dict], key: PrivateKey) -> bytes:
    signed = {"format": idx.FORMAT, "repository": "vn.lamdong.thuvien", "title": "Thư viện",
              "version": 1, "created": "2026-11-27T00:00:00Z",
              "expires": "2026-12-27T00:00:00Z", "chunk_size": idx.CHUNK_SIZE, "keys": {},
              "rotations": [], "revocations": [], "items": items, "extensions": {}}
    return idx.sign(signed, key)


def build(count: int, seed: int = 7) -> list[dict]:
    rng = random.Random(seed)
    order = kinds(count)
    rng.shuffle(order)
    return [item(rng, n, kind) for n, kind in enumerate(order)]


def parse_in_child(path: Path) -> dict:
    """Parse `path` in a fresh process: seconds, and peak RSS above the bare start."""
    # VmHWM, not ru_maxrss: a forked child starts with its parent's ru_maxrss
    code = ("import json,re,sys,time\n"
            "from library.repository import index as idx\n"
            "def hwm():\n"
            "    s=open('/proc/self/status').read()\n"
            "    return int(re.search(r'VmHWM:\\s+(\\d+)',s).group(1))/1024\n"
            "raw=open(sys.argv[1],'rb').read()\n"
            "idx.MAX_INDEX_BYTES=max(idx.MAX_INDEX_BYTES,len(raw))\n"  # candidates too
            "idx.MAX_ITEMS=max(idx.MAX_ITEMS,len(raw)//100)\n"
            "before=hwm()\n"
            "t=time.perf_counter(); parsed=idx.parse(raw)\n"
            "digests=[i.digest for i in parsed.items]\n"  # the importer computes these too
            "signed_bytes=idx.canonical(parsed.signed)\n"  # and `verify` this
            "s=time.perf_counter()-t\n"
            "peak=hwm()\n"
            "print(json.dumps({'items':len(parsed.items),'seconds':s,"
            "'peak_mb':peak,'extra_mb':peak-before}))\n")
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True,
                         text=True, check=False, cwd=Path(__file__).resolve().parents[1])
    if out.returncode:
        raise SystemExit(out.stderr)
    return json.loads(out.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=20_000, help="items in the sample index")
    parser.add_argument("--also", type=int, nargs="*", default=[], metavar="MB",
                        help="other byte limits to measure the parse at")
    args = parser.parse_args()
    key = PrivateKey.generate()
    sample = build(args.items)
    raw = signed_index(sample, key)
    per_item = len(raw) / len(sample)
    print(f"sample: {len(sample)} items, {len(raw) / MB:.1f} MB, {per_item:.0f} B/item")
    empty = len(signed_index([], key))
    for kind, _share in MIX:
        some = [i for i in sample if i["kind"] == kind][:500]
        size = len(signed_index(some, key)) - empty
        print(f"  {kind:<12} {size / len(some):6.0f} B/item")
    print(f"{idx.MAX_INDEX_BYTES / MB:.0f} MB (MAX_INDEX_BYTES) holds ≈ "
          f"{idx.MAX_INDEX_BYTES / per_item:,.0f} such items; {idx.MAX_ITEMS:,} items "
          f"(MAX_ITEMS) take ≈ {idx.MAX_ITEMS * per_item / MB:.0f} MB")
    with tempfile.TemporaryDirectory() as tmp:
        results = {}
        limits = [("reference 16 MB", 16 * MB), ("at the limit", idx.MAX_INDEX_BYTES)]
        limits += [(f"candidate {mb} MB", mb * MB) for mb in args.also]
        limits += [("MAX_ITEMS realistic items", 0)]
        for name, limit in limits:
            count = int(limit / per_item * 0.98) if limit else idx.MAX_ITEMS
            body = signed_index(build(count, seed=11), key)
            while limit and len(body) > limit:
                count = int(count * 0.99)
                body = signed_index(build(count, seed=11), key)
            path = Path(tmp) / f"{len(results)}.json"
            path.write_bytes(body)
            results[name] = parse_in_child(path)
            r = results[name]
            print(f"{name}: {len(body) / MB:.1f} MB, {r['items']:,} items: parse, digests, "
                  f"canonical {r['seconds']:.2f} s, peak RSS {r['peak_mb']:.0f} MB "
                  f"(+{r['extra_mb']:.0f} MB for the parse)")
        ref_, now = results["reference 16 MB"], results["at the limit"]
        print(f"ratio at the limit / 16 MB: time {now['seconds'] / ref_['seconds']:.2f}×, "
              f"parse memory {now['extra_mb'] / max(ref_['extra_mb'], 1):.2f}×")
    print(f"(this process: peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}"
          " MB)")


if __name__ == "__main__":
    main()
