"""Parsing the firmware's profile lines, the per-layer table, profile.json and the chart."""

import json
from dataclasses import asdict

import pytest

from cfu.profile.chart import draw_chart
from cfu.profile.parse import parse_profile, progress_line
from cfu.profile.report import (LayerRow, ProfileReport, format_table, load_previous_profile, load_profile_json,
                                write_profile_json)
from cfu.profile.stop import running_layer

CONSOLE = (
    "CFU firmware\r\n~~model tiny 2~~\r\n~~layer 0 CONV_2D 1200 100~~\r\n"
    "~~layer 1 SOFTMAX 300 0~~\r\n~~output 0 80ff7f~~\r\n~~model_done 1500~~\r\n~~exit 0~~\r\n"
)


def test_parse_reads_layers_outputs_and_total():
    profile = parse_profile(CONSOLE)
    assert profile.complete
    assert [(l.index, l.op, l.cycles, l.macs) for l in profile.layers] == [(0, "CONV_2D", 1200, 100),
                                                                           (1, "SOFTMAX", 300, 0)]
    assert profile.outputs == {0: bytes([0x80, 0xFF, 0x7F])}
    assert profile.total_cycles == 1500


def test_an_interrupted_run_is_incomplete():
    cut = CONSOLE[:CONSOLE.index("~~layer 1")]
    assert not parse_profile(cut).complete
    assert parse_profile("no model here") is None


def test_progress_hides_raw_data_and_shows_layers():
    assert progress_line("~~output 0 80ff~~\n", 2) is None
    assert "layer 1/2 CONV_2D" in progress_line("~~layer 0 CONV_2D 1200 100~~\n", 2)
    assert progress_line("hello\n", 2) == "hello\n"


def _report(scale=1):
    rows = [LayerRow(0, "CONV_2D", [1, 8, 8, 3], [1, 8, 8, 4], 100, 1200 * scale),
            LayerRow(1, "SOFTMAX", [1, 4], [1, 4], 0, 300 * scale)]
    return ProfileReport("tiny", "verilator", 1500 * scale, "pass", rows)


def test_table_shows_cycles_per_mac_and_share():
    table = format_table(_report())
    assert "12.00" in table and "80.0%" in table and "20.0%" in table
    assert table.splitlines()[-1].split()[:3] == ["total", "100", "1,500"]


def test_profile_json_round_trip_and_chart(tmp_path):
    write_profile_json(_report(), tmp_path / "profile.json")
    assert load_profile_json(tmp_path / "profile.json") == _report()
    chart = draw_chart(_report(), tmp_path / "profile.png", previous=_report(scale=2))
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_profile_json_is_replaced_whole(tmp_path):
    path = tmp_path / "profile.json"
    write_profile_json(_report(), path)
    before = path.stat().st_ino
    write_profile_json(_report(scale=2), path)
    assert path.stat().st_ino != before  # a new file renamed over the old one, never rewritten in place
    assert load_profile_json(path) == _report(scale=2)
    assert [p.name for p in tmp_path.iterdir()] == ["profile.json"]


@pytest.mark.parametrize("text, problem", [
    ('{"format": 2, "model": "tiny", "layers": [', "not valid JSON"),
    (json.dumps({k: v for k, v in asdict(_report()).items()}), "format none, expected 2"),
    (json.dumps({"format": 2, "model": "tiny", "layers": []}), "missing or unknown fields"),
    ("[]", "format list, expected 2"),
], ids=["truncated", "older_format", "missing_fields", "not_an_object"])
def test_damaged_or_older_previous_profile_is_ignored_with_one_warning(tmp_path, capsys, text, problem):
    path = tmp_path / "profile.json"
    path.write_text(text)
    assert load_previous_profile(path, "cfu fast") is None
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"cfu fast: warning: ignoring the previous profile {path}: {problem}" in err


def test_running_layer_names_the_layer_the_run_was_in():
    from cfu.model.importer import import_model
    from offline_plan_models import small_model

    model = import_model(small_model())
    assert running_layer(model, "CFU firmware\n") == "before the model started (start-up or CFU self-test)"
    started = "~~model tiny 2~~\n~~layer 0 CONV_2D 1200 384~~\n"
    assert running_layer(model, started) == "in layer 1 (RESHAPE), after 1 of 2 layers"
    assert running_layer(model, started + "~~layer 1 RESHAPE 300 0~~\n") == "after the last layer"
