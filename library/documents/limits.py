"""Limits shared by the caller and the worker (no MuPDF import here)."""

#: Most pixels one rendered page may have (≈ 6K × 4K); larger output is scaled down.
MAX_OUTPUT_PIXELS = 25_000_000
#: Longest side in pixels of one rendered page.
MAX_OUTPUT_SIDE = 12_000
