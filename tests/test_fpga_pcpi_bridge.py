"""The PCPI bridge: PicoRV32 running custom-0 instructions through it to a CFU (Icarus), plus its handshake."""

import shutil
import subprocess
from pathlib import Path

import pytest
from amaranth.sim import Simulator
from pythondata_cpu_picorv32 import data_location as picorv32_dir

from cfu.fpga.pcpi_bridge import PcpiCfuBridge, write_bridge_verilog

DATA = Path(__file__).parent / "data"
GCC = "riscv64-unknown-elf-gcc"
OBJCOPY = "riscv64-unknown-elf-objcopy"

needs_tools = pytest.mark.skipif(not all(shutil.which(t) for t in ("iverilog", "vvp", GCC, OBJCOPY)),
                                 reason="needs iverilog and the riscv64-unknown-elf toolchain (scripts/setup.sh)")

#: What tests/data/pcpi_program.S prints, by the CFU semantics documented in tests/data/cfu_latency.v.
EXPECTED_OUT = [12, 19, (5 ^ 7) + 0x55, 0x12345678 + 5, 35, 55, 55, 0]


def _program_hex(source: Path, workdir: Path) -> Path:
    """Assemble ``source`` at address 0 and return a $readmemh file of its 32-bit words."""
    elf, binary, hexfile = workdir / "prog.elf", workdir / "prog.bin", workdir / "prog.hex"
    subprocess.run([GCC, "-march=rv32im", "-mabi=ilp32", "-nostdlib", "-Wl,-Ttext=0", "-o", elf, source],
                   check=True)
    subprocess.run([OBJCOPY, "-O", "binary", elf, binary], check=True)
    data = binary.read_bytes()
    data += bytes(-len(data) % 4)
    hexfile.write_text("\n".join(f"{int.from_bytes(data[i:i + 4], 'little'):08x}" for i in range(0, len(data), 4)))
    return hexfile


def _run(program: Path, latency: int, workdir: Path) -> list[str]:
    """Simulate PicoRV32 + bridge + tests/data/cfu_latency.v on ``program``; return the testbench's lines."""
    bridge = write_bridge_verilog(workdir / "pcpi_cfu_bridge.v")
    hexfile = _program_hex(program, workdir)
    sim = workdir / "tb.vvp"
    subprocess.run(["iverilog", "-g2012", f"-DLATENCY={latency}", f'-DPROGRAM="{hexfile}"', "-o", sim,
                    DATA / "pcpi_tb.v", Path(picorv32_dir) / "picorv32.v", bridge, DATA / "cfu_latency.v"],
                   check=True)
    result = subprocess.run(["vvp", "-n", sim], capture_output=True, text=True, check=True)
    return [line for line in result.stdout.splitlines() if line.split(" ")[0] in ("OUT", "EXIT", "TRAP", "TIMEOUT")]


@needs_tools
@pytest.mark.parametrize("latency", [0, 1, 4])
def test_picorv32_runs_cfu_instructions(latency, tmp_path):
    lines = _run(DATA / "pcpi_program.S", latency, tmp_path)
    outputs = [int(line.split()[1], 16) for line in lines if line.startswith("OUT")]
    assert lines[-1] == "EXIT 0", f"latency {latency}: run ended with {lines[-1]!r}; lines: {lines}"
    assert outputs == EXPECTED_OUT, f"latency {latency}: got {[hex(v) for v in outputs]}"


@needs_tools
def test_other_custom_opcode_still_traps(tmp_path):
    source = tmp_path / "custom1.S"
    source.write_text(".globl _start\n_start:\n  .insn r 0x2B, 0, 0, a0, a0, a0\n"
                      "  li s0, 0x10000000\n  sw zero, 4(s0)\n")
    lines = _run(source, 1, tmp_path)
    assert lines and lines[-1].startswith("TRAP"), f"a custom-1 instruction must trap, got {lines}"


def test_bridge_handshake_in_amaranth_sim():
    """One custom-0 instruction: function_id is {funct7, funct3}; a MUL offered on PCPI is not taken."""
    dut = PcpiCfuBridge()
    funct7, funct3, rd, rs1, rs2 = 0x2A, 5, 10, 11, 12
    custom = (funct7 << 25) | (rs2 << 20) | (rs1 << 15) | (funct3 << 12) | (rd << 7) | 0x0B
    mul = (1 << 25) | (rs2 << 20) | (rs1 << 15) | (rd << 7) | 0x33

    async def testbench(ctx):
        ctx.set(dut.pcpi.valid, 1)
        ctx.set(dut.pcpi.insn, mul)
        assert not ctx.get(dut.cfu.cmd_valid), "a MUL must be left to PicoRV32's own co-processor"
        assert not ctx.get(dut.pcpi.wait)
        ctx.set(dut.pcpi.insn, custom)
        ctx.set(dut.pcpi.rs1, 123)
        ctx.set(dut.cfu.cmd_ready, 1)
        assert ctx.get(dut.cfu.cmd_valid) and ctx.get(dut.pcpi.wait)
        assert ctx.get(dut.cfu.cmd_payload_function_id) == (funct7 << 3) | funct3
        assert ctx.get(dut.cfu.cmd_payload_inputs_0) == 123
        await ctx.tick()
        assert not ctx.get(dut.cfu.cmd_valid), "issued once, not again while waiting"
        ctx.set(dut.cfu.rsp_valid, 1)
        ctx.set(dut.cfu.rsp_payload_outputs_0, 0xCAFE)
        assert ctx.get(dut.pcpi.ready) and ctx.get(dut.pcpi.wr) and ctx.get(dut.pcpi.rd) == 0xCAFE
        await ctx.tick()
        ctx.set(dut.cfu.rsp_valid, 0)
        ctx.set(dut.pcpi.valid, 0)
        assert not ctx.get(dut.cfu.cmd_valid) and not ctx.get(dut.pcpi.ready)
        await ctx.tick()
        ctx.set(dut.pcpi.valid, 1)
        ctx.set(dut.cfu.rsp_valid, 1)
        assert ctx.get(dut.cfu.cmd_valid), "the next instruction is issued"
        assert ctx.get(dut.pcpi.ready), "a zero-latency answer returns in the issue cycle"

    sim = Simulator(dut)
    sim.add_clock(1e-6)
    sim.add_testbench(testbench)
    sim.run()
