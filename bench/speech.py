"""Speech benchmark: time to first playable audio for a 2,000-character bulletin.

Measured in the same run against the reference: the `espeak-ng -v vi -w`
program rendering the whole text to one file. "First playable audio" is what
the kiosk waits for after "Nghe": the text split and normalised, sentence 1
synthesised in the (already running) speech worker, gain applied, WAV and
timings written to the cache. The kiosk starts the worker and calibrates
the voice at launch, so both happen before the clock starts; the cold
figure (spawning the worker too) is printed for reference. A cache hit is
`prepare` + reading sentence 1's timings from disk.
Targets: first audio ≤ 300 ms and ≤ 0.3× the whole-file time; cache hit ≤ 50 ms.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from library.speech import Speech, SpeechWorker

PARAGRAPHS = [
    "Thông báo của Ủy ban nhân dân xã về kế hoạch chuyển đổi số năm 2025.",
    "Ngày 10/8/2025, UBND xã đã tổ chức hội nghị triển khai chương trình chuyển đổi số "
    "tới toàn thể cán bộ, đảng viên và bà con nhân dân trong xã.",
    "Theo kế hoạch, đến hết tháng 12/2025, 80% hộ gia đình có điện thoại thông minh, "
    "70% người dân trưởng thành có tài khoản định danh điện tử và 50% hộ kinh doanh "
    "sử dụng thanh toán không dùng tiền mặt.",
    "Các hợp tác xã nông nghiệp được hướng dẫn đưa sản phẩm OCOP lên sàn thương mại điện tử, "
    "giới thiệu đặc sản cà phê, hồ tiêu và lúa gạo của địa phương tới khách hàng cả nước.",
    "Tổ công nghệ số cộng đồng ở mỗi thôn sẽ hỗ trợ bà con cài đặt ứng dụng, nộp hồ sơ "
    "dịch vụ công trực tuyến và tra cứu thông tin thời tiết, giá cả nông sản hằng ngày.",
    "Lịch hỗ trợ tại nhà văn hóa thôn: từ 7h30 đến 11h00 các ngày thứ Bảy và Chủ nhật.",
    "Bà con lưu ý mang theo căn cước công dân có gắn chíp và điện thoại của mình.",
    "Mọi thắc mắc xin liên hệ văn phòng UBND xã hoặc gọi số điện thoại 0263 3822 123 "
    "trong giờ hành chính.",
    "Ủy ban nhân dân xã trân trọng cảm ơn sự quan tâm, ủng hộ của toàn thể bà con.",
]


def bulletin(chars: int = 2000) -> str:
    text = ""
    i = 0
    while len(text) < chars:
        text += ("" if not text else " ") + PARAGRAPHS[i % len(PARAGRAPHS)]
        i += 1
    return text[:chars].rsplit(" ", 1)[0] + "."


def espeak_whole(text: str, out: Path, exe: str) -> float:
    start = time.perf_counter()
    subprocess.run([exe, "-v", "vi", "-w", str(out), text], check=True)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    exe = shutil.which("espeak-ng")
    if exe is None:
        print("espeak-ng is not installed (apt-get install espeak-ng)", file=sys.stderr)
        return 2
    text = bulletin()
    work = Path(tempfile.mkdtemp(prefix="bench-speech-"))
    try:
        whole = [espeak_whole(text, work / "whole.wav", exe) for _ in range(args.runs)]

        cold_start = time.perf_counter()
        worker = SpeechWorker(timeout_s=30)
        first_cache = work / "cold"
        speech = Speech(first_cache, worker)
        speech.gain_db()  # calibration, once per voice (the kiosk does it at launch)
        speech.sentence(speech.prepare(text), 0)
        cold = time.perf_counter() - cold_start
        calibration = (first_cache / "calibration.json").read_bytes()

        firsts, hits = [], []
        with worker:
            for run in range(args.runs):
                cache = work / f"run{run}"
                cache.mkdir()
                (cache / "calibration.json").write_bytes(calibration)
                speech = Speech(cache, worker)
                start = time.perf_counter()
                reading = speech.prepare(text)
                audio = speech.sentence(reading, 0)
                firsts.append(time.perf_counter() - start)
                assert audio.wav.exists()
                start = time.perf_counter()
                reading = speech.prepare(text)
                hit = speech.cached(reading, 0)
                hits.append(time.perf_counter() - start)
                assert hit is not None
            sentences = len(reading)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    ref, first, hit = statistics.median(whole), statistics.median(firsts), statistics.median(hits)
    ratio = first / ref
    print(f"bulletin: {len(text)} characters, {sentences} sentences; median of {args.runs} runs")
    print(f"reference espeak-ng -v vi -w (whole text):  {ref * 1000:7.1f} ms")
    print(f"first playable audio (warm worker):         {first * 1000:7.1f} ms  "
          f"= {ratio:.2f}x the whole-file time")
    print(f"first audio incl. worker start + calibration:{cold * 1000:7.1f} ms (once per launch)")
    print(f"cache-hit start:                            {hit * 1000:7.1f} ms")
    ok = first <= 0.300 and ratio <= 0.3 and hit <= 0.050
    print("targets (first ≤ 300 ms and ≤ 0.3x, cache hit ≤ 50 ms):", "met" if ok else "NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
