"""kws_micro: a convolution engine for DS-CNN keyword spotting.

One stateful instruction (funct3 0) holds a layer's input activations, its filters and its per-channel
requantization parameters in CFU memories, and computes four output channels per instruction, requantized
and packed into one word:

- ``DOT`` (pointwise 1x1 and the first 10x4 convolution): 16 MACs per cycle, four output channels times a
  word of four input bytes;
- ``DEPTHWISE`` (3x3, depth multiplier 1): four channels per cycle, the nine taps addressed by the CFU
  from a centre word and the row and pixel strides, taps outside the image masked by the CPU.

The kernel overrides in ``src/kernels/`` drive it; ``src/software_cfu.c`` emulates it for ``SW_ONLY``.
``make PROJ=kws_micro test`` checks the gateware (Amaranth simulator and cocotb) and the C emulation
against :class:`_ConvEngineModel`.
"""

from amaranth import Cat, Module, Mux, Signal, signed
from amaranth.lib.memory import Memory

from cfu.gateware import Cfu, Instruction, to_signed, to_unsigned
from cfu.gateware.blocks import Mac4, RequantizePipeline, requantize_with_bias
from cfu.gateware.blocks.mac import OFFSET_WIDTH
from cfu.gateware.blocks.requant_pipeline import SHIFT_WIDTH

#: Memory depths (powers of two: every address wraps modulo the depth).
INPUT_WORDS = 2048      # a 25x5x64 int8 activation map is 2000 words
FILTER_WORDS = 256      # per output-channel lane: 4 x 256 words hold a 64x64 pointwise filter
CHANNELS = 128          # per-channel bias, multiplier and shift
LANES = 4

# Sub-operations (funct7).
SET_OFFSETS, SET_CLAMP, SET_STRIDES = 0, 1, 2
WRITE_INPUT, WRITE_FILTER, WRITE_BIAS, WRITE_MULTIPLIER, WRITE_SHIFT = 3, 4, 5, 6, 7
DOT, DEPTHWISE = 8, 9
#: Taps of a 3x3 window, row by row.
TAPS = 9


def _fields(in0: int, in1: int) -> tuple[int, int, int, int]:
    """The operands of DOT and DEPTHWISE: input address, count or tap mask, filter address, first channel."""
    return in0 & (INPUT_WORDS - 1), (in0 >> 16) & 0x1FF, in1 & (FILTER_WORDS - 1), (in1 >> 16) & (CHANNELS - 1)


class ConvEngine(Instruction):
    """The convolution engine (see the module docstring).

    ======  =================  ====================================================================
    funct7  name               does (every write answers 0 in the cycle it is issued)
    ======  =================  ====================================================================
    0       SET_OFFSETS        input offset = in0[8:0], output offset = in1[8:0] (signed)
    1       SET_CLAMP          activation min = in0[15:0], max = in1[15:0] (signed)
    2       SET_STRIDES        row stride = in0[10:0], pixel stride = in1[10:0] (input words)
    3       WRITE_INPUT        input[in0] = in1
    4       WRITE_FILTER       filter lane in0[1:0], word in0[9:2] = in1
    5/6/7   WRITE_BIAS/...     bias / multiplier / shift (in1[5:0]) of channel in0[6:0] = in1
    8       DOT                acc[j] = sum over k < in0[22:16] of
                               mac4(input[in0[10:0] + k], filter[j][in1[7:0] + k], input offset)
    9       DEPTHWISE          acc[j] = sum over taps t (dy, dx) with bit t of in0[24:16] set of
                               (input[c + (dy-1) row + (dx-1) pixel] byte j + input offset)
                               * filter[0][in1[7:0] + t] byte j, c = in0[10:0]
    ======  =================  ====================================================================

    DOT and DEPTHWISE answer, byte j, ``requantize_with_bias(acc[j])`` of channel ``in1[22:16] + j``, after
    count + 10 or 19 cycles. Before any parameter is written every memory and register holds 0, so a
    convolution answers 0 (a defined value, never a hang).
    """

    funct7_values = (SET_OFFSETS, SET_CLAMP, SET_STRIDES, WRITE_INPUT, WRITE_FILTER, WRITE_BIAS,
                     WRITE_MULTIPLIER, WRITE_SHIFT, DOT, DEPTHWISE)
    max_latency = 0x7F + 12

    def reference_model(self):
        return _ConvEngineModel()

    def elaborate(self, platform):
        m = Module()
        m.submodules.inputs = inputs = Memory(shape=32, depth=INPUT_WORDS, init=[])
        filters = []
        for lane in range(LANES):
            filters.append(Memory(shape=32, depth=FILTER_WORDS, init=[]))
            m.submodules[f"filter{lane}"] = filters[-1]
        m.submodules.bias = bias = Memory(shape=signed(32), depth=CHANNELS, init=[])
        m.submodules.multiplier = multiplier = Memory(shape=signed(32), depth=CHANNELS, init=[])
        m.submodules.shift = shift = Memory(shape=signed(SHIFT_WIDTH), depth=CHANNELS, init=[])
        m.submodules.requant = requant = RequantizePipeline()

        input_offset = Signal(signed(OFFSET_WIDTH))
        output_offset = Signal(signed(9))
        act_min, act_max = Signal(signed(16)), Signal(signed(16))
        row_stride, pixel_stride = Signal(11), Signal(11)

        # Parameters and data: written in the issue cycle, answered at once.
        writes = {WRITE_INPUT: inputs, WRITE_BIAS: bias, WRITE_MULTIPLIER: multiplier, WRITE_SHIFT: shift}
        for funct7, memory in writes.items():
            port = memory.write_port()
            m.d.comb += [port.addr.eq(self.in0), port.data.eq(self.in1),
                         port.en.eq(self.start & (self.funct7 == funct7))]
        for lane, memory in enumerate(filters):
            port = memory.write_port()
            m.d.comb += [port.addr.eq(self.in0[2:]), port.data.eq(self.in1),
                         port.en.eq(self.start & (self.funct7 == WRITE_FILTER) & (self.in0[:2] == lane))]
        with m.If(self.start & (self.funct7 < DOT)):
            m.d.comb += [self.done.eq(1), self.result.eq(0)]
            with m.Switch(self.funct7):
                with m.Case(SET_OFFSETS):
                    m.d.sync += [input_offset.eq(self.in0[:OFFSET_WIDTH]), output_offset.eq(self.in1[:9])]
                with m.Case(SET_CLAMP):
                    m.d.sync += [act_min.eq(self.in0[:16]), act_max.eq(self.in1[:16])]
                with m.Case(SET_STRIDES):
                    m.d.sync += [row_stride.eq(self.in0[:11]), pixel_stride.eq(self.in1[:11])]

        # Convolutions: operands latched, then a fetch/MAC loop, then four channels through the requantizer.
        depthwise = Signal()
        base = Signal(11)          # first input word (DOT) or the centre word (DEPTHWISE)
        count = Signal(9)          # DOT: words; DEPTHWISE: the tap mask
        filter_base = Signal(8)
        channel = Signal(7)
        step = Signal(9)           # index of the word or tap fetched this cycle
        tap_row, tap_col = Signal(2), Signal(2)
        fetched = Signal()         # the read ports hold a word to accumulate
        fetched_on = Signal()      # ... of a tap inside the image
        accs = [Signal(signed(32), name=f"acc{lane}") for lane in range(LANES)]
        issue = Signal(3)          # next channel to send to the requantizer
        packed = Signal(32)

        input_read = inputs.read_port()
        filter_reads = [memory.read_port() for memory in filters]
        param_reads = [memory.read_port() for memory in (bias, multiplier, shift)]

        row_offset = Mux(tap_row == 0, -row_stride, Mux(tap_row == 1, 0, row_stride))
        col_offset = Mux(tap_col == 0, -pixel_stride, Mux(tap_col == 1, 0, pixel_stride))
        m.d.comb += [
            input_read.addr.eq(Mux(depthwise, base + row_offset + col_offset, base + step)),
            *(port.addr.eq(filter_base + step) for port in filter_reads),
            *(port.addr.eq(channel + issue) for port in param_reads),
        ]

        # One word: DOT multiplies it with each lane's filter word; DEPTHWISE with byte j of lane 0's.
        for lane in range(LANES):
            mac = Mac4()
            m.submodules[f"mac{lane}"] = mac
            byte_mask = 0xFF << (8 * lane)
            weights = Mux(depthwise, filter_reads[0].data & byte_mask, filter_reads[lane].data)
            m.d.comb += [mac.a.eq(input_read.data), mac.b.eq(Mux(fetched_on, weights, 0)),
                         mac.offset.eq(input_offset)]
            with m.If(fetched):
                m.d.sync += accs[lane].eq(accs[lane] + mac.sum)

        lane_acc = Signal(signed(32))
        with m.Switch((issue - 1)[:2]):
            for lane in range(LANES):
                with m.Case(lane):
                    m.d.comb += lane_acc.eq(accs[lane])
        m.d.comb += [
            requant.acc.eq(lane_acc),
            requant.bias.eq(param_reads[0].data), requant.multiplier.eq(param_reads[1].data),
            requant.shift.eq(param_reads[2].data),
            requant.output_offset.eq(output_offset), requant.act_min.eq(act_min), requant.act_max.eq(act_max),
        ]
        with m.If(requant.out_valid):
            m.d.sync += packed.word_select(requant.out_tag[:2], 8).eq(requant.out_value[:8])

        tap_on = Signal()
        m.d.comb += tap_on.eq((count >> (tap_row * 3 + tap_col))[0])
        last_step = Mux(depthwise, step == TAPS - 1, step + 1 >= count)
        with m.FSM():
            with m.State("IDLE"):
                with m.If(self.start & (self.funct7 >= DOT)):
                    m.d.sync += [
                        depthwise.eq(self.funct7 == DEPTHWISE), base.eq(self.in0[:11]), count.eq(self.in0[16:25]),
                        filter_base.eq(self.in1[:8]), channel.eq(self.in1[16:23]),
                        step.eq(0), tap_row.eq(0), tap_col.eq(0), issue.eq(0),
                        *(acc.eq(0) for acc in accs),
                    ]
                    with m.If(self.funct7 == DOT):
                        m.d.sync += count.eq(self.in0[16:23])
                    m.next = "FETCH"
            with m.State("FETCH"):
                m.d.sync += [fetched.eq(depthwise | (count != 0)), fetched_on.eq(~depthwise | tap_on),
                             step.eq(step + 1)]
                with m.If(tap_col == 2):
                    m.d.sync += [tap_col.eq(0), tap_row.eq(tap_row + 1)]
                with m.Else():
                    m.d.sync += tap_col.eq(tap_col + 1)
                with m.If(last_step):
                    m.next = "DRAIN"
            with m.State("DRAIN"):
                m.d.sync += fetched.eq(0)
                m.next = "REQUANTIZE"
            with m.State("REQUANTIZE"):
                # issue 0 presents the parameter addresses; channel j enters the pipeline with issue j + 1.
                m.d.comb += [requant.valid.eq(issue != 0), requant.tag.eq(issue - 1)]
                m.d.sync += issue.eq(issue + 1)
                with m.If(issue == LANES):
                    m.next = "FINISH"
            with m.State("FINISH"):
                with m.If(requant.out_valid & (requant.out_tag[:2] == LANES - 1)):
                    m.d.comb += [self.done.eq(1),
                                 self.result.eq(Cat(packed[:24], requant.out_value[:8]))]
                    m.next = "IDLE"
        return m


class _ConvEngineModel:
    """Reference model of :class:`ConvEngine`: the memories and registers as Python lists and integers."""

    def __init__(self):
        self.input_offset = self.output_offset = self.act_min = self.act_max = 0
        self.row_stride = self.pixel_stride = 0
        self.inputs = [0] * INPUT_WORDS
        self.filters = [[0] * FILTER_WORDS for _ in range(LANES)]
        self.bias = [0] * CHANNELS
        self.multiplier = [0] * CHANNELS
        self.shift = [0] * CHANNELS

    def __call__(self, funct7: int, in0: int, in1: int) -> int:
        if funct7 == SET_OFFSETS:
            self.input_offset, self.output_offset = to_signed(in0, OFFSET_WIDTH), to_signed(in1, 9)
        elif funct7 == SET_CLAMP:
            self.act_min, self.act_max = to_signed(in0, 16), to_signed(in1, 16)
        elif funct7 == SET_STRIDES:
            self.row_stride, self.pixel_stride = in0 & (INPUT_WORDS - 1), in1 & (INPUT_WORDS - 1)
        elif funct7 == WRITE_INPUT:
            self.inputs[in0 % INPUT_WORDS] = in1
        elif funct7 == WRITE_FILTER:
            self.filters[in0 & 3][(in0 >> 2) % FILTER_WORDS] = in1
        elif funct7 in (WRITE_BIAS, WRITE_MULTIPLIER):
            table = self.bias if funct7 == WRITE_BIAS else self.multiplier
            table[in0 % CHANNELS] = to_signed(in1)
        elif funct7 == WRITE_SHIFT:
            self.shift[in0 % CHANNELS] = to_signed(in1, SHIFT_WIDTH)
        elif funct7 in (DOT, DEPTHWISE):
            accs = self._dot(in0, in1) if funct7 == DOT else self._depthwise(in0, in1)
            return self._requantize(accs, _fields(in0, in1)[3])
        return 0

    def _byte(self, word: int, lane: int) -> int:
        return to_signed(word >> (8 * lane), 8)

    def _dot(self, in0: int, in1: int) -> list[int]:
        start, count, filter_base, _ = _fields(in0, in1)
        accs = [0] * LANES
        for k in range(count & 0x7F):
            word = self.inputs[(start + k) % INPUT_WORDS]
            for lane in range(LANES):
                weights = self.filters[lane][(filter_base + k) % FILTER_WORDS]
                accs[lane] += sum((self._byte(word, i) + self.input_offset) * self._byte(weights, i)
                                  for i in range(4))
        return accs

    def _depthwise(self, in0: int, in1: int) -> list[int]:
        centre, mask, filter_base, _ = _fields(in0, in1)
        accs = [0] * LANES
        for tap in range(TAPS):
            if not mask >> tap & 1:
                continue
            dy, dx = divmod(tap, 3)
            word = self.inputs[(centre + (dy - 1) * self.row_stride + (dx - 1) * self.pixel_stride) % INPUT_WORDS]
            weights = self.filters[0][(filter_base + tap) % FILTER_WORDS]
            for lane in range(LANES):
                accs[lane] += (self._byte(word, lane) + self.input_offset) * self._byte(weights, lane)
        return accs

    def _requantize(self, accs: list[int], channel: int) -> int:
        packed = 0
        for lane, acc in enumerate(accs):
            c = (channel + lane) % CHANNELS
            value = requantize_with_bias(acc, self.bias[c], self.multiplier[c], self.shift[c],
                                         self.output_offset, self.act_min, self.act_max)
            packed |= (value & 0xFF) << (8 * lane)
        return to_unsigned(packed)


def make_cfu() -> Cfu:
    """The project's CFU: the convolution engine in slot 0."""
    return Cfu({0: ConvEngine()})
