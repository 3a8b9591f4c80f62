"""breach.notify.channels: what `breach channels add` accepts."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("port", ["99999", "65536", "0"])
def test_a_port_outside_1_to_65535_is_refused(cli, port):
    result = cli("channels", "add", f"json://127.0.0.1:{port}/hook")
    assert result.exit_code == 1
    assert result.stderr.endswith("Error: URL: its port is not a port number (accepted: 1 to 65535, or none for the "
                                  "service's own)\n")
    assert "json://" not in cli("channels", "list").stdout


def test_ports_1_and_65535_are_taken(cli):
    assert cli("channels", "add", "json://127.0.0.1:1/a").exit_code == 0
    assert cli("channels", "add", "json://127.0.0.1:65535/b").exit_code == 0
