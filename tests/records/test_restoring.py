"""breach.records.restoring: a restore shows the channels a backup brings before they count."""

from __future__ import annotations

import json

from tests.backup_helpers import fill


def test_a_backup_that_brings_a_channel_lists_it_masked_and_needs_yes(cli, clock, tmp_path, monkeypatch):
    fill(cli, clock)
    file = tmp_path / "b.jsonl"
    assert cli("backup", str(file), "--format", "json").exit_code == 0
    text = file.read_text(encoding="utf-8")
    secret = "s3cr3t-token-of-an-outsider"
    start = text.index('{"table":"channel"')
    header_end = text.index("\n", start) + 1
    added = json.dumps([7, f"json://user:{secret}@hooks.example.net/hook", [], True, "2026-11-23T11:00:00.000000+00:00", 1])
    text = (text[:header_end] + added + "\n" + text[header_end:]).replace('"channel":1', '"channel":2')
    text = text.replace('{"table":"channel","columns":["id","url","tags","detail","added_at","org_id"],"rows":1}',
                        '{"table":"channel","columns":["id","url","tags","detail","added_at","org_id"],"rows":2}')
    total = json.loads(text.splitlines()[-1])["rows"]
    text = text.replace(f'{{"end":"breach-backup","rows":{total}}}', f'{{"end":"breach-backup","rows":{total + 1}}}')
    file.write_text(text, encoding="utf-8")

    target = tmp_path / "new"
    monkeypatch.delenv("BREACH_DATABASE_URL", raising=False)  # into a new SQLite store, whichever the backup's
    refused = cli("--home", str(target), "restore", str(file))
    assert refused.exit_code == 1
    [line] = refused.stderr.splitlines()
    assert line.startswith("Error: the backup brings 2 reminder channel(s) this store does not have: #1 json://")
    assert "#7 json://user:****@hooks.example.net" in line and "(details on)" in line
    assert line.endswith("then restore with --yes (nothing was restored)")
    assert secret not in line and "s3cr3t" not in line
    assert cli("--home", str(target), "channels", "list").stdout.count("json://") == 0
    assert cli("--home", str(target), "restore", str(file), "--yes").exit_code == 0
