from pathlib import Path

import pytest

from library.config import DEFAULTS, Config
from library.errors import ConfigError
from library.paths import ENV_DATA, resolve_data_dir


def test_defaults_when_no_file(tmp_path: Path) -> None:
    config = Config.load(tmp_path / "config.toml")
    assert config.get("station", "time_zone") == "Asia/Ho_Chi_Minh"
    assert config.get("station", "idle_timeout_s") == 90
    assert config.get("sync", "server_url") == ""
    assert str(config.time_zone) == "Asia/Ho_Chi_Minh"
    assert config.now().utcoffset().total_seconds() == 7 * 3600


def test_save_and_reload_keeps_unknown_sections(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[future]\nthing = 1\n[station]\nlanguage = "en"\n', encoding="utf-8")
    config = Config.load(path)
    assert config.get("station", "language") == "en"
    config.set("sync", "server_url", "https://kho.example.vn/repo")
    config.save()
    again = Config.load(path)
    assert again.get("sync", "server_url") == "https://kho.example.vn/repo"
    assert again.as_dict()["future"] == {"thing": 1}
    assert not path.with_suffix(".toml.tmp").exists()


@pytest.mark.parametrize(
    "text",
    ['[station]\nidle_timeout_s = "soon"\n', "[station\n", '[station]\nlarge_text = "yes"\n'],
)
def test_bad_files_give_config_error(tmp_path: Path, text: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError):
        Config.load(path)


def test_a_file_that_is_not_utf8_is_one_clear_error(tmp_path: Path) -> None:
    """A station name typed in an editor that saved it in Windows-1258 (Vietnamese)."""
    path = tmp_path / "config.toml"
    path.write_bytes("[station]\nname = \"Đông Hà\"\n".encode("cp1258"))
    with pytest.raises(ConfigError, match=r"is not UTF-8 text \(byte 19\); save it as UTF-8"):
        Config.load(path)


def test_a_utf8_file_that_starts_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    """Windows PowerShell's `Out-File -Encoding utf8` writes one: it is UTF-8 all the same,
    not «Invalid statement (at line 1, column 1)»."""
    path = tmp_path / "config.toml"
    path.write_bytes(b"\xef\xbb\xbf" + "[station]\nname = \"Đông Hà\"\n".encode())
    assert Config.load(path).get("station", "name") == "Đông Hà"


def test_a_section_written_as_one_value_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("station = 5\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"\[station\] should be a section of settings, got 5"):
        Config.load(path)


@pytest.mark.parametrize(("line", "said"), [
    ('[sync]\nserver_url = 5', "[sync] server_url should be text in quotes, got 5"),
    ('[handoff]\nport = "8765"', "[handoff] port should be a whole number, got '8765'"),
    ('[handoff]\nenabled = "yes"', "[handoff] enabled should be true or false, got 'yes'"),
])
def test_a_value_of_the_wrong_type_is_said_in_a_technicians_words(
        tmp_path: Path, line: str, said: str) -> None:
    """Not Python's type names ("should be str", "should be int")."""
    path = tmp_path / "config.toml"
    path.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        Config.load(path)
    assert str(caught.value) == f"config: {said}"


def test_set_checks_types(tmp_path: Path) -> None:
    config = Config.load(tmp_path / "c.toml")
    with pytest.raises(ConfigError):
        config.set("station", "volume", "loud")
    config.set("station", "volume", 40)
    assert config.get("station", "volume") == 40


def test_unknown_time_zone(tmp_path: Path) -> None:
    config = Config(tmp_path / "c.toml", {"station": {"time_zone": "Mars/Olympus"}})
    with pytest.raises(ConfigError, match="time zone"):
        _ = config.time_zone


def test_every_default_is_documented_in_readme() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    for section, keys in DEFAULTS.items():
        for key in keys:
            assert f"{section}.{key}" in readme, f"{section}.{key} missing from README"


def test_data_dir_resolution_order(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv(ENV_DATA, str(tmp_path / "env"))
    assert resolve_data_dir(str(tmp_path / "cli")) == tmp_path / "cli"
    assert resolve_data_dir(None) == tmp_path / "env"
    monkeypatch.delenv(ENV_DATA)
    assert "cafesach" in str(resolve_data_dir(None))
