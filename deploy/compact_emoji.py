"""Make NotoColorEmoji-Compact.ttf from Debian's NotoColorEmoji.ttf (fonts-noto-color-emoji).

Why a compact copy: the full font (≈11 MB of PNG bitmaps at 109 ppem, which
barely compress) would push the installer past its size target. Kiosk text is
at most ~70 px high, so a 64 ppem strike is enough; skin-tone variants
(half of the bitmaps) show their default yellow emoji instead; bitmaps are
re-quantised with pngquant, as the upstream build does (`--zopfli` also
recompresses them: ~4 % smaller, many times slower). Every code point and
sequence of the source still maps to a glyph.

Not used at run time. Needs fontTools and Pillow (pip) and the pngquant Debian
package (zopfli for `--zopfli`):
    python deploy/compact_emoji.py /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf \
        NotoColorEmoji-Compact.ttf
"""

from __future__ import annotations

import argparse
import io
import subprocess
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont
from PIL import Image

TONES = {"u1F3FB", "u1F3FC", "u1F3FD", "u1F3FE", "u1F3FF"}


def drop_skin_tones(font: TTFont) -> int:
    """Point every ligature that holds a skin-tone modifier at its toneless glyph."""
    changed = 0
    for lookup in font["GSUB"].table.LookupList.Lookup:
        if lookup.LookupType != 4:
            continue
        for table in lookup.SubTable:
            plain = {(first, tuple(lig.Component)): lig.LigGlyph
                     for first, ligs in table.ligatures.items() for lig in ligs
                     if not TONES & set(lig.Component)}
            for first, ligs in table.ligatures.items():
                for lig in ligs:
                    if not TONES & set(lig.Component):
                        continue
                    rest = tuple(c for c in lig.Component if c not in TONES)
                    lig.LigGlyph = plain.get((first, rest), first) if rest else first
                    changed += 1
    return changed


def shrink(job: tuple[bytes, int, int, int, bool]) -> bytes:
    """One bitmap scaled to (width, height), quantised to `colors` and recompressed."""
    data, width, height, colors, zopfli = job
    image = Image.open(io.BytesIO(data)).convert("RGBA")
    image = image.resize((width, height), Image.Resampling.LANCZOS)
    with tempfile.TemporaryDirectory() as tmp:
        raw, quant, final = (Path(tmp) / name for name in ("a.png", "b.png", "c.png"))
        image.save(raw)
        subprocess.run(["pngquant", "--speed", "1", "--strip", "--force", "-o", str(quant),
                        str(colors), str(raw)], check=True, capture_output=True)
        if not zopfli:
            return quant.read_bytes()
        subprocess.run(["zopflipng", "-y", "--lossy_transparent", str(quant), str(final)],
                       check=True, capture_output=True)
        return final.read_bytes()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--ppem", type=int, default=64)
    parser.add_argument("--colors", type=int, default=64)
    parser.add_argument("--zopfli", action="store_true")
    args = parser.parse_args()

    font = TTFont(args.source)
    print("skin-tone ligatures redirected:", drop_skin_tones(font), flush=True)
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.drop_tables = [*options.drop_tables, "vhea", "vmtx"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=font.getBestCmap().keys())
    subsetter.subset(font)

    strike = font["CBLC"].strikes[0]
    sizes = strike.bitmapSizeTable
    ratio = args.ppem / sizes.ppemX

    def scale(value: int) -> int:
        return round(value * ratio)

    sizes.ppemX = sizes.ppemY = args.ppem
    for line in (sizes.hori, sizes.vert):
        for key in ("ascender", "descender", "widthMax", "maxBeforeBL", "minAfterBL",
                    "minOriginSB", "minAdvanceSB"):
            setattr(line, key, scale(getattr(line, key)))
    glyphs = list(font["CBDT"].strikeData[0].values())
    jobs = [(g.imageData, max(1, scale(g.metrics.width)), max(1, scale(g.metrics.height)),
             args.colors, args.zopfli) for g in glyphs]
    with ProcessPoolExecutor() as pool:
        for glyph, job, png in zip(glyphs, jobs, pool.map(shrink, jobs, chunksize=16),
                                   strict=True):
            m = glyph.metrics
            m.width, m.height = job[1], job[2]
            m.BearingX, m.BearingY, m.Advance = (scale(m.BearingX), scale(m.BearingY),
                                                 scale(m.Advance))
            glyph.imageData = png
    names = font["name"]
    version = names.getDebugName(5) or ""
    names.setName(f"{version}; compact {args.ppem} ppem", 5, 3, 1, 0x409)
    font.save(args.out)
    print(f"{len(glyphs)} bitmaps, {args.out.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
