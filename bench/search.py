"""Search-as-you-type benchmark: every keystroke of 30 queries over 20,000 documents.

Builds a catalog of synthetic Vietnamese documents (~2 KB each) from the
vocabulary below, replays each query one keystroke at a time (1- and
2-letter prefixes included) and reports p50/p95/max per keystroke. In the same
run, `rg -i` searches the same text written out as files, as the reference.
Targets: p95 ≤ 16 ms per keystroke, ≥ 10× faster than rg. The keystrokes are
replayed once more, untimed, counting SQL statements and rows read: figures a
busy machine does not move, to compare two versions by.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from library.catalog import Catalog, Item
from library.search import Search

# Words as they occur in provincial public-information texts.
VOCABULARY = """
chuyển đổi số đảng viên nhân dân chính quyền địa phương dịch vụ công trực tuyến người
dân doanh nghiệp hợp tác xã nông nghiệp nông thôn mới nước sạch vệ sinh môi trường phòng
chống thiên tai bão lũ sạt lở đất an toàn giao thông đường bộ mũ bảo hiểm tuyên truyền
phổ biến giáo dục pháp luật văn hóa thể thao du lịch di sản lễ hội sức khỏe y tế bảo
hiểm xã hội việc làm đào tạo nghề học sinh sinh viên thanh niên phụ nữ cựu chiến binh
mặt trận tổ quốc ủy ban huyện xã thị trấn thôn bản làng kinh tế thị trường chợ sản phẩm
đặc sản cà phê hồ tiêu lúa gạo thủy sản chăn nuôi công nghệ thông tin internet điện
thoại thông minh mạng xã hội an ninh mạng thanh toán không dùng tiền mặt mã quét căn
cước định danh điện tử hồ sơ thủ tục nghị quyết chỉ thị kế hoạch chương trình mục tiêu
nhiệm vụ giải pháp kết quả năm tháng ngày tuần quý đồng chí cán bộ công chức viên chức
lãnh đạo chỉ đạo tổ chức thực hiện kiểm tra giám sát đánh giá báo cáo tổng kết khen
thưởng đường dương đồng đông Đà Lạt Hà Nội Huế Đắk Lắk Gia Lai Lâm Đồng Quảng Nam và của
các những một có được cho trong với này đã để không là từ theo về cũng như khi đến sẽ
tại bằng nhiều hơn rất cùng mọi mới tốt hiệu quả
""".split()

QUERIES = [
    "chuyen doi so", "chuyển đổi số", "dang vien", "đảng viên", "dich vu cong truc tuyen",
    "nuoc sach", "phong chong thien tai", "bão lũ", "an toan giao thong", "mu bao hiem",
    "Da Lat", "Đắk Lắk", "ĐẢNG", "duong", "đường", "nong thon moi", "hop tac xa",
    "thanh toan khong dung tien mat", "can cuoc", "dinh danh dien tu", "ca phe",
    "suc khoe", "viec lam", "dao tao nghe", "an ninh mang", "le hoi", "di san van hoa",
    "nghi quyet", "kiem tra giam sat", "thuy san",
]


def build_catalog(path: Path, text_dir: Path, count: int, seed: int = 7) -> float:
    rng = random.Random(seed)
    weights = [1.0 / (rank + 1) ** 0.8 for rank in range(len(VOCABULARY))]
    rng.shuffle(weights)
    start = time.perf_counter()
    catalog = Catalog(path)
    with catalog.atomic():
        for n in range(count):
            title = " ".join(rng.choices(VOCABULARY, weights, k=rng.randint(4, 9))).capitalize()
            words = rng.choices(VOCABULARY, weights, k=420)
            body = []
            for i in range(0, len(words), 14):
                body.append(" ".join(words[i:i + 14]).capitalize() + ".")
            text = " ".join(body)
            pages = [text[: len(text) // 2], text[len(text) // 2:]]
            catalog.put(Item(id=f"doc-{n}", title=title, kind="book",
                             tags=tuple(rng.choices(VOCABULARY, k=2))), pages)
            (text_dir / f"doc-{n}.txt").write_text(title + "\n" + text, encoding="utf-8")
    catalog.execute("INSERT INTO items_fts(items_fts) VALUES ('optimize')")
    catalog.execute("INSERT INTO pages_fts(pages_fts) VALUES ('optimize')")
    catalog.close()
    return time.perf_counter() - start


class CountingSql:
    """The catalog as `Search` sees it, counting the statements run and the rows read:
    work that the noise of a shared machine does not move."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog, self.statements, self.rows = catalog, 0, 0

    def execute(self, sql: str, params: Any = ()) -> Any:
        self.statements += 1
        cursor = self.catalog.execute(sql, params)
        return CountingRows(self, cursor)


class CountingRows:
    def __init__(self, counter: CountingSql, cursor: Any) -> None:
        self.counter, self.cursor, self.description = counter, cursor, cursor.description

    def __iter__(self) -> CountingRows:
        return self

    def __next__(self) -> Any:
        row = next(self.cursor)
        self.counter.rows += 1
        return row

    def fetchone(self) -> Any:
        row = self.cursor.fetchone()
        self.counter.rows += row is not None
        return row

    def close(self) -> None:
        self.cursor.close()


def keystrokes(query: str) -> list[str]:
    return [query[:i] for i in range(1, len(query) + 1) if query[:i].strip()]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=20_000)
    parser.add_argument("--keep", type=Path, help="reuse/keep the built corpus in this folder")
    args = parser.parse_args()

    work = args.keep or Path(tempfile.mkdtemp(prefix="cafesach-bench-search-"))
    db_path, text_dir = work / "catalog.db", work / "text"
    if not db_path.exists():
        text_dir.mkdir(parents=True, exist_ok=True)
        took = build_catalog(db_path, text_dir, args.docs)
        size_mb = sum(f.stat().st_size for f in text_dir.iterdir()) / 2**20
        print(f"built {args.docs} documents ({size_mb:.0f} MiB of text) in {took:.1f} s")

    catalog = Catalog(db_path)
    search = Search(catalog)
    search.search("khởi động")  # warm the page cache once
    times: list[float] = []
    per_length: dict[int, list[float]] = {}
    for query in QUERIES:
        for typed in keystrokes(query):
            start = time.perf_counter()
            hits = search.search(typed, limit=20)
            elapsed = (time.perf_counter() - start) * 1000
            times.append(elapsed)
            per_length.setdefault(min(len(typed), 3), []).append(elapsed)
            assert isinstance(hits, list)
    final_times = []
    for query in QUERIES:
        start = time.perf_counter()
        search.search(query, limit=20)
        final_times.append((time.perf_counter() - start) * 1000)
    counted = Search(catalog)  # the same keystrokes again, untimed, counting the work
    counted.sql = counter = CountingSql(catalog)  # type: ignore[assignment]
    for query in QUERIES:
        for typed in keystrokes(query):
            counted.search(typed, limit=20)
    catalog.close()

    rg = shutil.which("rg")
    rg_times: list[float] = []
    if rg:
        for query in QUERIES:
            start = time.perf_counter()
            subprocess.run([rg, "-i", "-l", "-F", query, str(text_dir)], stdout=subprocess.DEVNULL,
                           check=False)
            rg_times.append((time.perf_counter() - start) * 1000)

    p50, p95, worst = statistics.median(times), percentile(times, 95), max(times)
    ok = fast = p95 <= 16
    print(f"keystrokes: {len(times)} over {len(QUERIES)} queries")
    print(f"per keystroke: p50 {p50:.2f} ms  p95 {p95:.2f} ms  max {worst:.2f} ms  "
          f"(target p95 ≤ 16 ms: {'PASS' if fast else 'FAIL'})")
    for length, values in sorted(per_length.items()):
        label = f"{length} letters" if length < 3 else "3+ letters"
        print(f"  {label:<11} p50 {statistics.median(values):.2f} ms  "
              f"p95 {percentile(values, 95):.2f} ms  max {max(values):.2f} ms")
    print(f"whole queries: p50 {statistics.median(final_times):.2f} ms  "
          f"p95 {percentile(final_times, 95):.2f} ms")
    print(f"work per keystroke: {counter.statements / len(times):.1f} SQL statements, "
          f"{counter.rows / len(times):.0f} rows read")
    if rg_times:
        rg_p50 = statistics.median(rg_times)
        ratio = rg_p50 / p95
        ahead = ratio >= 10
        ok = ok and ahead
        print(f"rg -i -l over the same text: p50 {rg_p50:.1f} ms per query")
        print(f"ratio rg p50 / search p95: {ratio:.1f}x (target ≥ 10x: "
              f"{'PASS' if ahead else 'FAIL'})")
    else:
        print("rg not found (apt install ripgrep): the ratio target was not measured")
        ok = False
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
