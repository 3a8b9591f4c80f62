"""breach.config: where the data home is, what config.toml keeps per machine, and the profile an older
release kept there (read once more, to move it into the store)."""

from __future__ import annotations

import stat
from pathlib import Path

import platformdirs
import pytest

from breach.config import Config, Profile, data_home, parse_window, validate_field
from breach.errors import ConfigError, InvalidInput


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# --- the data home --------------------------------------------------------------------------

def test_option_wins_over_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("BREACH_HOME", str(tmp_path / "from-env"))
    assert data_home(str(tmp_path / "from-option")) == tmp_path / "from-option"


def test_option_expands_the_user(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path / "user"))
    assert data_home("~/breach-data") == tmp_path / "user" / "breach-data"


def test_environment_wins_over_platformdirs(monkeypatch, tmp_path):
    monkeypatch.setenv("BREACH_HOME", str(tmp_path / "from-env"))
    monkeypatch.setattr(platformdirs, "user_data_dir", lambda *a, **k: pytest.fail("platformdirs consulted"))
    assert data_home() == tmp_path / "from-env"
    assert data_home(None) == tmp_path / "from-env"
    assert data_home("") == tmp_path / "from-env"


def test_environment_expands_the_user(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path / "user"))
    monkeypatch.setenv("BREACH_HOME", "~/elsewhere")
    assert data_home() == tmp_path / "user" / "elsewhere"


@pytest.mark.parametrize("env", [None, ""])
def test_platformdirs_without_option_or_environment(monkeypatch, tmp_path, env):
    if env is None:
        monkeypatch.delenv("BREACH_HOME", raising=False)
    else:
        monkeypatch.setenv("BREACH_HOME", env)
    calls = []

    def fake(*args, **kwargs):
        calls.append((args, kwargs))
        return str(tmp_path / "platform" / "breach")

    monkeypatch.setattr(platformdirs, "user_data_dir", fake)
    assert data_home() == tmp_path / "platform" / "breach"
    assert calls == [(("breach",), {"appauthor": False})]


# --- Profile validation ---------------------------------------------------------------------

def invalid(**kwargs) -> str:
    with pytest.raises(InvalidInput) as info:
        Profile(**kwargs).validated()
    return str(info.value)


def test_the_default_profile_is_valid():
    profile = Profile().validated()
    assert (profile.timezone, profile.role, profile.ap_window, profile.customers_window, profile.language) == (
        "Europe/Amsterdam", "controller", 72, 24, "nl",
    )


@pytest.mark.parametrize("value", ["not-an-email", "a@b", "two words@example.nl", "a@@example.nl", "@example.nl"])
@pytest.mark.parametrize("field", ["email", "dpo_email"])
def test_bad_email_is_refused(field, value):
    message = invalid(**{field: value})
    assert message.startswith("--" + field.replace("_", "-") + ":")
    assert value in message


def test_good_email_is_kept_stripped():
    assert Profile(email="  privacy@example.nl ").validated().email == "privacy@example.nl"


@pytest.mark.parametrize("value", ["1234567", "123456789", "1234567a", "kvk"])
def test_bad_kvk_is_refused(value):
    message = invalid(kvk=value)
    assert message.startswith("--kvk:")
    assert "8 digits" in message


@pytest.mark.parametrize("value, expected", [("12345678", "12345678"), ("1234 5678", "12345678"), (" 12 34 56 78 ", "12345678")])
def test_kvk_is_kept_without_spaces(value, expected):
    assert Profile(kvk=value).validated().kvk == expected


@pytest.mark.parametrize("value", ["owner", "", "both"])
def test_bad_role_is_refused(value):
    message = invalid(role=value)
    assert message.startswith("--role:")
    assert "controller, processor" in message


@pytest.mark.parametrize("value", ["de", "english", ""])
def test_bad_language_is_refused(value):
    message = invalid(language=value)
    assert message.startswith("--language:")
    assert "nl, en" in message


@pytest.mark.parametrize("value", ["Mars/Olympus", "Europe/Amsterdamm", "CET+1h"])
def test_bad_time_zone_is_refused(value):
    message = invalid(timezone=value)
    assert message.startswith("--timezone:")
    assert "IANA" in message


@pytest.mark.parametrize("field, given, expected", [
    ("role", "Controller", "controller"),
    ("role", " PROCESSOR ", "processor"),
    ("language", "NL", "nl"),
    ("timezone", "europe/amsterdam", "Europe/Amsterdam"),
    ("timezone", "AMERICA/NEW_YORK", "America/New_York"),
])
def test_names_are_matched_without_regard_to_case(field, given, expected):
    assert getattr(Profile(**{field: given}).validated(), field) == expected


def test_other_time_zones_are_accepted():
    assert Profile(timezone="America/New_York").validated().timezone == "America/New_York"


def test_dutch_postcode_is_normalised():
    assert Profile(postcode="1234ab").validated().postcode == "1234 AB"


@pytest.mark.parametrize("value, expected", [("72", 72), ("72h", 72), ("72H", 72), ("72u", 72), (" 48 h ", 48), (72, 72), ("24", 24), ("1", 1)])
def test_ap_window_accepts_whole_hours(value, expected):
    assert parse_window(value, "--ap-window") == expected
    assert Profile(ap_window=value).validated().ap_window == expected


@pytest.mark.parametrize("value, expected", [("24", 24), ("6h", 6), ("0", 0), (0, 0), ("0h", 0)])
def test_customers_window_accepts_whole_hours_and_zero(value, expected):
    assert Profile(customers_window=value).validated().customers_window == expected


@pytest.mark.parametrize("value", ["0", "0h", 0, "abc", "-1", "1.5", "", "73", "100", "8760", "h"])
def test_bad_ap_window_is_refused(value):
    # AVG art. 33 lid 1: 72 hours at most; a shorter internal target is allowed, a longer one never.
    message = invalid(ap_window=value)
    assert message.startswith("--ap-window:")
    assert "1 to 72" in message


@pytest.mark.parametrize("value", ["abc", "-1", "2.5", "8761"])
def test_bad_customers_window_is_refused(value):
    message = invalid(customers_window=value)
    assert message.startswith("--customers-window:")
    assert "0 to 8760" in message


def test_validate_field_names_the_flag():
    with pytest.raises(InvalidInput, match=r"^--dpo-email: 'x' is not an e-mail address"):
        validate_field("dpo_email", "x")


# --- config.toml ----------------------------------------------------------------------------

def full_profile() -> Profile:
    return Profile(
        name="Acme B.V.",
        address="Keizersgracht 1",
        postcode="1015 CJ",
        city="Amsterdam",
        kvk="12345678",
        email="privacy@acme.nl",
        phone="+31 20 123 4567",
        dpo_name="Jan de Vries",
        dpo_email="fg@acme.nl",
        timezone="Europe/Amsterdam",
        role="processor",
        ap_window=72,
        customers_window=36,
        language="en",
    )


def old_profile(home: Path) -> Profile:
    """The [organisation] of a config.toml an older release wrote, read as it is moved into the store."""
    from breach.config import profile_from

    config = Config(home)
    return profile_from(config.kept_elsewhere().get("organisation", {}), str(config.path))


def write_old_config(home: Path, profile: Profile, extra: str = "") -> Path:
    from dataclasses import asdict

    import tomli_w

    home.mkdir(parents=True, exist_ok=True)
    path = home / "config.toml"
    path.write_text(extra + tomli_w.dumps({"organisation": asdict(profile)}), encoding="utf-8")
    return path


def test_no_config_file_holds_nothing_the_store_keeps(tmp_path):
    config = Config(tmp_path / "home")
    assert config.kept_elsewhere() == {}
    assert config.org is None and config.database_url is None


def test_an_old_profile_reads_back_field_by_field(tmp_path):
    write_old_config(tmp_path / "home", full_profile())
    assert old_profile(tmp_path / "home") == full_profile()


def test_keeping_only_the_machine_keeps_the_url_and_the_old_file_beside_it_private(tmp_path):
    home = tmp_path / "home"
    path = write_old_config(home, full_profile(), extra='database_url = "sqlite:////tmp/x.db"\norg = "main"\n')
    before = path.read_bytes()
    path.chmod(0o644)
    kept = Config(home).keep_only_machine()
    assert Config(home).data == {"database_url": "sqlite:////tmp/x.db", "org": "main"}
    assert kept.read_bytes() == before and kept.name == "config.toml.before-store"
    assert mode(path) == 0o600 and mode(kept) == 0o600
    write_old_config(home, full_profile())
    assert Config(home).keep_only_machine().name == "config.toml.before-store-2"  # an earlier copy is never overwritten


def test_the_chosen_organisation_is_per_machine_and_can_be_forgotten(tmp_path):
    home = tmp_path / "new" / "home"
    Config(home).use_org("bakkerij")
    assert Config(home).org == "bakkerij"
    assert mode(home) == 0o700 and mode(home / "config.toml") == 0o600
    assert sorted(p.name for p in home.iterdir()) == ["config.toml"]  # no temporary file is left behind
    Config(home).use_org(None)
    assert Config(home).org is None


def test_database_url_environment_wins_over_the_file(tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    (home / "config.toml").write_text('database_url = "sqlite:////tmp/file.db"\n')
    assert Config(home).database_url == "sqlite:////tmp/file.db"
    monkeypatch.setenv("BREACH_DATABASE_URL", "sqlite:////tmp/env.db")
    assert Config(home).database_url == "sqlite:////tmp/env.db"


@pytest.mark.parametrize("text", ["[organisation\nname = 'x'\n", "organisation = [\n", "name = \n", "[organisation]\nname = \"unterminated\n"])
def test_broken_toml_is_a_config_error_naming_the_file(tmp_path, text):
    path, message = config_error(tmp_path, text)
    assert path in message
    assert "not valid TOML" in message


def config_error(tmp_path, text: str) -> tuple[str, str]:
    """Write config.toml with `text`; return its path and the message of the ConfigError reading it."""
    home = tmp_path / "home"
    home.mkdir()
    path = home / "config.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as info:
        old_profile(home)
    return str(path), str(info.value)


def test_unknown_key_in_organisation_is_refused_naming_the_key(tmp_path):
    path, message = config_error(tmp_path, '[organisation]\nname = "Acme"\ncolour = "red"\n')
    assert path in message
    assert "'colour'" in message
    assert "[organisation]" in message


def test_a_bad_value_in_the_file_is_a_config_error_naming_file_and_flag(tmp_path):
    path, message = config_error(tmp_path, '[organisation]\nname = "Acme"\nrole = "owner"\n')
    assert path in message
    assert "--role" in message
    assert "'owner'" in message


def test_organisation_must_be_a_table(tmp_path):
    _, message = config_error(tmp_path, 'organisation = "Acme"\n')
    assert "must be a table" in message


def test_windows_written_with_h_in_the_file_are_read_as_hours(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / "config.toml").write_text('[organisation]\nap_window = "72h"\ncustomers_window = 0\n')
    profile = old_profile(home)
    assert (profile.ap_window, profile.customers_window) == (72, 0)


@pytest.mark.parametrize("value", ["²", "72²", "⁷²"])
def test_a_window_of_non_decimal_digit_characters_is_refused_not_a_crash(value):
    # str.isdigit() is true for superscript digits but int() cannot read them: the refusal must
    # still be InvalidInput (exit 1, one line), not an unexpected ValueError (exit 70).
    with pytest.raises(InvalidInput, match="^--ap-window:"):
        parse_window(value, "--ap-window")


def test_a_window_of_superscript_digits_in_the_file_is_a_config_error(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    path = home / "config.toml"
    path.write_text('[organisation]\nap_window = "72²"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        old_profile(home)
    assert str(path) in str(info.value)
    assert "--ap-window" in str(info.value)


def test_an_unreadable_config_is_a_config_error_naming_the_file(tmp_path):
    home = tmp_path / "home"
    (home / "config.toml").mkdir(parents=True)  # a directory where the file should be
    with pytest.raises(ConfigError) as info:
        old_profile(home)
    assert str(home / "config.toml") in str(info.value)
    assert "cannot be read" in str(info.value)


def test_a_config_that_is_not_utf8_is_a_config_error_naming_the_line(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / "config.toml").write_bytes(b'[organisation]\nname = "caf\xe9"\n')
    with pytest.raises(ConfigError, match=r"config\.toml: line 2 is not UTF-8 text"):
        old_profile(home)


def test_a_data_home_that_cannot_be_made_is_one_line():
    from breach.errors import InvalidInput
    from breach.store.files import ensure_private_dir

    with pytest.raises(InvalidInput, match=r"^data home: /proc/self/x cannot be created \("):
        ensure_private_dir(Path("/proc/self/x"), label="data home: ")


# --- the profile by the rules of the breach's facts (issue 13) ------------------------------------


@pytest.mark.parametrize(
    ("flag", "value", "said"),
    [
        ("--name", "Acme\nB.V.", "--name: contains control characters or new lines (expected plain text)"),
        ("--name", "Acme \x1b[31mB.V.", "--name: contains control characters or new lines (expected plain text)"),
        ("--name", "Acme\u202eV.B", "--name: contains U+202E, a line separator or a text-direction control"),
        ("--name", "x" * 131_072, "--name: is 131,072 characters long (accepted: at most 200)"),
        ("--name", "", "--name: empty (expected the organisation name that letters show, e.g. Voorbeeld B.V.)"),
        ("--name", "  ", "--name: empty (expected the organisation name that letters show"),
        ("--email", "", "--email: empty (expected the contact e-mail that letters show, e.g. privacy@voorbeeld.nl)"),
        ("--email", "a@b.nl, c@d.nl", "--email: 'a@b.nl, c@d.nl' is not an e-mail address (expected one address"),
        ("--postcode", "ABCDEF", "--postcode: 'ABCDEF' is not a Dutch postcode (expected 4 digits and 2 letters, e.g. 1234 AB)"),
        ("--postcode", "0123 AB", "--postcode: '0123 AB' is not a Dutch postcode"),
        ("--kvk", "\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668", "--kvk: '\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668' is not a KvK number (expected the 8 digits"),
        ("--city", "caf\udce9", "--city: is not UTF-8 text"),
    ],
)
def test_init_refuses_a_bad_profile_field_in_one_line_and_writes_nothing(cli, home, flag, value, said):
    result = cli("init", "--no-input", "--name", "Voorbeeld B.V.", "--email", "privacy@voorbeeld.nl", flag, value)
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert line.startswith(f"Error: {said}"), line
    assert "\x1b" not in result.stderr and "\u202e" not in result.stderr
    assert not (home / "config.toml").exists()


def test_init_takes_a_dutch_profile_and_normalises_it(cli):
    result = cli("init", "--no-input", "--name", "Voorbeeld B.V.", "--email", "privacy@voorbeeld.nl",
                 "--postcode", "7471ab", "--kvk", "1234 5678")
    assert result.exit_code == 0, result.stderr
    assert "7471 AB" in result.stdout and "12345678" in result.stdout


def test_a_hand_edited_profile_with_an_escape_is_refused_and_never_echoed_raw(cli, home):
    home.mkdir(exist_ok=True)
    (home / "config.toml").write_text('[organisation]\nname = "Acme\\u001b]0;pwned\\u0007\\nB.V."\n', encoding="utf-8")
    for command in (("profile",), ("open", "Laptop gestolen", "--aware", "today 09:00")):
        result = cli(*command)
        assert result.exit_code == 1
        [line] = result.stderr.splitlines()
        assert "\x1b" not in result.stdout + result.stderr and "\x07" not in result.stdout + result.stderr
        assert line.startswith(f"Error: {home / 'config.toml'}: [organisation] --name: contains control characters")


def test_an_escape_echoed_back_in_an_error_line_is_shown_escaped(cli):
    result = cli("show", "\x1b[2J\x1b]0;x\x07")
    assert result.exit_code == 1
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "'\\x1b[2J\\x1b]0;x\\x07' is not a breach id" in result.stderr
