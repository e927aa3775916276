"""mlperf.json and the printed table: round trip, damaged files, the missing-bitstream line."""

import json

import pytest

from cfu.mlperf.bench import (MlperfReport, MlperfResult, format_mlperf_table, load_mlperf_json,
                              write_mlperf_json)


def _report(target: str, fmax_mhz: float | None = None) -> MlperfReport:
    row = MlperfResult("kws", "keyword spotting", "kws_ref_model.tflite", 2_656_768, "ok", 61_000_000,
                       [60_000_000, 60_000_002], 60_000_001, 2033.333, 2000.0, ["pass"] * 3)
    stopped = MlperfResult("vww", "visual wake words", "vww_96_int8.tflite", 7_489_664,
                           "stopped after 0 of 3 inferences")
    return MlperfReport("p", target, 30_000_000, "verilator", 3, [row, stopped], fmax_mhz)


def test_round_trip(tmp_path):
    report = _report("radiona_ulx3s", 35.52)
    write_mlperf_json(report, tmp_path / "mlperf.json")
    assert load_mlperf_json(tmp_path / "mlperf.json") == report


@pytest.mark.parametrize("text, reason", [("{", "not valid JSON"), ('{"format": 1}', "format 1, expected 2"),
                                          ('{"format": 2, "models": []}', "missing or unknown fields")])
def test_damaged_files_are_named(tmp_path, text, reason):
    (tmp_path / "mlperf.json").write_text(text)
    with pytest.raises(ValueError, match=reason):
        load_mlperf_json(tmp_path / "mlperf.json")


def test_table_is_labelled_simulated_with_references_and_failures():
    table = format_mlperf_table(_report("radiona_ulx3s"))
    assert table.startswith("MLPerf Tiny, simulated")
    kws = next(line for line in table.splitlines() if line.startswith("kws "))
    # 2000 ms median, then the baseline's 60,830,623 cycles at 30 MHz, then the published Cortex-M4 figure.
    assert "2000.000 pass" in kws and "2027.687" in kws and "74.733" in kws
    assert "stopped after 0 of 3 inferences" in table
    assert ("no bitstream report for radiona_ulx3s (build/radiona_ulx3s/resources.json): ms at its nominal clock "
            "only; `make PROJ=p TARGET=radiona_ulx3s bitstream` measures its Fmax") in table
    assert "no bitstream report" not in format_mlperf_table(_report("sim"))


def test_the_fmax_of_another_cfus_bitstream_is_left_out(tmp_path, capsys):
    from cfu.mlperf.bench import _fmax_mhz

    resources = tmp_path / "resources.json"
    resources.write_text(json.dumps({"timing": {"fmax_mhz": 35.5}, "cfu_sha256": "a" * 64}))
    assert _fmax_mhz(resources, "a" * 64, "make PROJ=p TARGET=radiona_ulx3s bitstream") == 35.5
    assert _fmax_mhz(resources, "b" * 64, "make PROJ=p TARGET=radiona_ulx3s bitstream") is None
    assert capsys.readouterr().out == (
        "cfu mlperf: resources.json is stale: measured with a different CFU (Verilog SHA-256 aaaaaaaaaaaa, now "
        "bbbbbbbbbbbb); run `make PROJ=p TARGET=radiona_ulx3s bitstream` again; ms at Fmax left out\n")
