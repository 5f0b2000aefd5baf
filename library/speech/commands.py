"""`cafesach speak`: read an item or a text aloud into a WAV file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from ..cli import GivenPath, Station, counted, emit_json, force_option, interruptible, pass_station
from ..errors import InvalidInput
from ..files import file_state, output_target
from .worker import SpeechWorker


def _worker(station: Station) -> SpeechWorker:
    return SpeechWorker(timeout_s=station.config.get("speech", "timeout_s"))


@click.command("speak")
@click.argument("item_id", required=False)
@click.option("--text", help="Read this text instead of an item.")
@click.option("--file", "text_file", type=click.File("rb"), metavar="FILE",
              help="Read the text from this UTF-8 (or UTF-16 with its mark) file "
                   "('-' = standard input).")
@click.option("-o", "--output", type=GivenPath(path_type=Path, dir_okay=False),
              help="WAV file to write.")
@force_option
@click.option("--voice", help="Voice (default: speech.voice, e.g. vi, vi-vn-x-south).")
@click.option("--rate", type=click.IntRange(60, 400),
              help="Words per minute (default: speech.rate).")
@click.option("--list-voices", is_flag=True, help="List the installed voices and exit.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@pass_station
def speak_command(station: Station, item_id: str | None, text: str | None, text_file: Any,
                  output: Path | None, force: bool, voice: str | None, rate: int | None,
                  list_voices: bool, as_json: bool) -> None:
    """Read a bulletin, a document or a text aloud in Vietnamese into a WAV file.

    The audio is loudness-normalised and cached sentence by sentence, so the
    kiosk plays the same text without rendering it again.
    """
    if list_voices:
        with _worker(station) as worker:
            voices = worker.voices()
        if as_json:
            emit_json([v.to_json() for v in voices])
            return
        vietnamese = sorted((v for v in voices if v.is_vietnamese()), key=lambda v: v.id)
        for v in vietnamese:
            click.echo(f"* {v.id.split('/')[-1]:<20} {v.name}")
        if not vietnamese:
            click.echo("No Vietnamese voice is installed (see docs/speech.md).", err=True)
        click.echo(f"({counted(len(voices) - len(vietnamese), 'voice')} in other languages; "
                   f"--json lists them all)", err=True)
        return
    if sum(x is not None for x in (item_id, text, text_file)) != 1:
        raise click.UsageError("give an item ID, --text or --file (one of them)")
    if output is None:
        raise click.UsageError("-o/--output OUT.wav is required")
    output_target(output, endings=(".wav",), replace=force)
    from ..cli import progress
    from .reading import Speech, item_text, join_wavs, setting_problems

    if item_id is not None:
        text = item_text(station.catalog, item_id)
    elif text_file is not None:
        from ..legacy_vietnamese import readable_text_file  # as `add` reads a text

        try:
            text = readable_text_file(text_file.read())[0]  # Notepad's "Unicode", TCVN3 …
        except UnicodeDecodeError as exc:
            raise InvalidInput(f"{text_file.name}: not UTF-8 text") from exc
    assert text is not None
    station.paths.ensure()
    for line in setting_problems(station.config):
        click.echo(f"cafesach: warning: {line}", err=True)
    before = file_state(output)
    # the WAV is written whole or not at all; the sentences read so far stay in the cache
    with interruptible(lambda: file_state(output) != before,
                       resumes="the sentences read so far are cached: the same command "
                               "again goes on from there"):
        with _worker(station) as worker:
            speech = Speech.from_config(station.paths.cache, station.config, worker)
            if voice:
                speech.voice = voice
            if rate:
                speech.rate = rate
            reading = speech.prepare(text)
            parts = [speech.sentence(reading, i)
                     for i in progress(list(range(len(reading))), "Reading", unit="sentence")]
        duration_ms = join_wavs(parts, output)
    _trim_cache(station, speech.cache_dir, reading.folder)
    result = {"output": str(output), "duration_s": round(duration_ms / 1000, 2),
              "sentences": len(parts), "words": sum(len(p.words) for p in parts),
              "voice": speech.voice, "rate": speech.rate, "cache": str(reading.folder)}
    if as_json:
        emit_json(result)
    else:
        click.echo(f"{output}  {result['duration_s']} s, {counted(len(parts), 'sentence')} "
                   f"(voice {speech.voice}, {speech.rate} wpm)")


def _trim_cache(station: Station, cache_dir: Path, keep: Path) -> None:
    """Bring the speech cache back within `speech.cache_mb`, as the kiosk does after each
    visitor: a desk where only `speak` runs would otherwise keep every text ever read."""
    from .reading import cache_limit, prune_cache

    prune_cache(cache_dir, cache_limit(station.config), keep=keep)
