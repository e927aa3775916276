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


@pytest.mark.parametrize("text, reason", [("{", "not valid JSON"), ('{"format": 0}', "format 0, expected 1"),
                                          ('{"format": 1, "models": []}', "missing or unknown fields")])
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


def test_what_differs_on_the_board_is_named():
    from soc.boards.kosagi_fomu import MAIN_RAM_SIZE

    def row(name: str, ram: int) -> MlperfResult:
        return MlperfResult(name, "t", f"{name}.tflite", 1, "ok", 10, [10], 10, 1.0, 1.0, ["pass"], ram_bytes=ram)

    report = MlperfReport("p", "kosagi_fomu", 12_000_000, "verilator", 2,
                          [row("ad01", 530_000), row("kws", MAIN_RAM_SIZE)])
    table = format_mlperf_table(report)
    assert ("does not fit the kosagi_fomu SoC's 128 KiB main RAM today: ad01 (530,000 B); their figures are for "
            "the simulated SoC's memory at the board's clock") in table
    assert ("the kosagi_fomu bitstream's CPU is picorv32 (VexRiscv full+cfu does not fit its FPGA): these are "
            "VexRiscv's cycles at its clock") in table
    assert "does not fit" not in format_mlperf_table(MlperfReport("p", "sim", 1_000_000, "verilator", 2,
                                                                  [row("ad01", 530_000)]))
