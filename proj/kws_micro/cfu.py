"""kws_micro: a convolution engine for DS-CNN keyword spotting.

One stateful instruction (funct3 0) holds a layer's input activations, its filters and its per-channel
requantization parameters in CFU memories, and computes four output channels per instruction, requantized
and packed into one word:

- ``DOT`` (pointwise 1x1 and the first 10x4 convolution): 32 MACs per cycle, four output channels times
  two words of four input bytes;
- ``DEPTHWISE`` (3x3, depth multiplier 1): four channels per cycle, the nine taps addressed by the CFU
  from a centre word and the row and pixel strides, taps outside the image masked by the CPU.

Input and filter memories are split into even and odd words, so that a DOT reads two words per cycle and the
CPU streams two words per instruction. The kernel overrides in ``src/kernels/`` drive the engine;
``src/software_cfu.c`` emulates it for ``SW_ONLY``. ``make PROJ=kws_micro test`` checks the gateware
(Amaranth simulator and cocotb) and the C emulation against :class:`_ConvEngineModel`.
"""

from amaranth import Cat, Const, Module, Mux, Signal, signed
from amaranth.lib.memory import Memory

from cfu.gateware import MASK32, Cfu, Instruction, to_signed, to_unsigned
from cfu.gateware.blocks import Mac4, mac4
from cfu.gateware.blocks.mac import OFFSET_WIDTH
from cfu.gateware.blocks.requant_pipeline import LATENCY as REQUANTIZE_LATENCY, RequantizePipeline
from cfu.tflite_math import requantize, to_int32

#: Memory depths (powers of two: every address wraps modulo the depth).
INPUT_WORDS = 2048      # a 25x5x64 int8 activation map is 2000 words
FILTER_WORDS = 256      # per output-channel lane: 4 x 256 words hold a 64x64 pointwise filter
CHANNELS = 128          # per-channel bias, multiplier and shift
LANES = 4
QUADS = CHANNELS // LANES
#: TFLite's per-channel shift (-31..30 in practice), held in 6 signed bits as RequantizePipeline takes it.
SHIFT_WIDTH = 6

# Sub-operations (funct7).
SET_OFFSETS, SET_CLAMP, SET_STRIDES = 0, 1, 2
WRITE_INPUT, WRITE_FILTER, WRITE_BIAS, WRITE_MULTIPLIER, WRITE_SHIFT = 3, 4, 5, 6, 7
DOT, DEPTHWISE = 8, 9
SET_POINTERS, STREAM_INPUT, STREAM_FILTER = 10, 11, 12
#: Yosys attribute asking for LUT RAM instead of block RAM.
DISTRIBUTED_RAM = {"ram_style": "distributed"}
#: Taps of a 3x3 window, row by row.
TAPS = 9
#: Cycles of a convolution besides its fetch steps (issue, drain, requantization pipeline).
FIXED_LATENCY = 2 + REQUANTIZE_LATENCY


def _fields(in0: int, in1: int) -> tuple[int, int, int, int]:
    """The operands of DOT and DEPTHWISE: input address, count or tap mask, filter address, channel quad."""
    return in0 & (INPUT_WORDS - 1), (in0 >> 16) & 0x1FF, in1 & (FILTER_WORDS - 1), (in1 >> 16) & (QUADS - 1)


class _BankedWords:
    """A memory of 32-bit words as two banks, even and odd words, read and written two words at a time."""

    def __init__(self, m: Module, name: str, depth: int, attrs: dict[str, str] | None = None):
        self.banks = [Memory(shape=32, depth=depth // 2, init=[], attrs=attrs) for _ in range(2)]
        for parity, bank in enumerate(self.banks):
            m.submodules[f"{name}_{'even' if parity == 0 else 'odd'}"] = bank
        self.writes = [bank.write_port() for bank in self.banks]
        self.reads = [bank.read_port() for bank in self.banks]
        self.read_odd = Signal(name=f"{name}_read_odd")

    def read_pair(self, m: Module, first) -> None:
        """Read words ``first`` and ``first + 1``; :meth:`words` has them the next cycle."""
        m.d.comb += [self.reads[0].addr.eq((first + 1) >> 1), self.reads[1].addr.eq(first >> 1)]
        m.d.sync += self.read_odd.eq(first[0])

    def words(self):
        """The pair read in the previous cycle, in address order."""
        even, odd = self.reads[0].data, self.reads[1].data
        return Mux(self.read_odd, odd, even), Mux(self.read_odd, even, odd)

    def write(self, m: Module, address, data, enable) -> None:
        """Write one word."""
        for parity, port in enumerate(self.writes):
            with m.If(enable & (address[0] == parity)):
                m.d.comb += [port.addr.eq(address >> 1), port.data.eq(data), port.en.eq(1)]

    def write_pair(self, m: Module, first, data_first, data_second, enable) -> None:
        """Write ``data_first`` at ``first`` and ``data_second`` at ``first + 1``."""
        odd = first[0]
        with m.If(enable):
            m.d.comb += [
                self.writes[0].addr.eq((first + 1) >> 1), self.writes[1].addr.eq(first >> 1),
                self.writes[0].data.eq(Mux(odd, data_second, data_first)),
                self.writes[1].data.eq(Mux(odd, data_first, data_second)),
                self.writes[0].en.eq(1), self.writes[1].en.eq(1),
            ]


class ConvEngine(Instruction):
    """The convolution engine (see the module docstring).

    ======  =================  ====================================================================
    funct7  name               does (every write answers 0 in the cycle it is issued)
    ======  =================  ====================================================================
    0       SET_OFFSETS        input offset = in0[8:0], output offset = in1[8:0] (signed)
    1       SET_CLAMP          activation min = in0[7:0], max = in1[7:0] (signed)
    2       SET_STRIDES        row stride = in0[10:0], pixel stride = in1[10:0] (input words)
    3       WRITE_INPUT        input[in0] = in1
    4       WRITE_FILTER       filter lane in0[1:0], word in0[9:2] = in1
    5/6/7   WRITE_BIAS/...     bias / multiplier / shift (in1[5:0]) of channel in0[6:0] = in1
    8       DOT                acc[j] = sum over k < in0[22:16] of
                               mac4(input[in0[10:0] + k], filter[j][in1[7:0] + k], input offset)
    9       DEPTHWISE          acc[j] = sum over taps t (dy, dx) with bit t of in0[24:16] set of
                               (input[c + (dy-1) row + (dx-1) pixel] byte j + input offset)
                               * filter[0][in1[7:0] + t] byte j, c = in0[10:0]
    10      SET_POINTERS       input pointer = in0[10:0]; filter pointer = lane in1[1:0], word in1[9:2]
    11      STREAM_INPUT       input[pointer] = in0, input[pointer + 1] = in1; pointer += 2
    12      STREAM_FILTER      the same for the filter pointer's lane and word
    ======  =================  ====================================================================

    DOT and DEPTHWISE answer, byte j, ``requantize_with_bias(acc[j])`` of channel ``4 * in1[20:16] + j``,
    after ceil(count / 2) + 7 or 16 cycles (``FIXED_LATENCY`` besides the fetch steps). Before any parameter
    is written every memory and register holds 0, so a convolution answers 0 (a defined value, never a hang).
    """

    funct7_values = (SET_OFFSETS, SET_CLAMP, SET_STRIDES, WRITE_INPUT, WRITE_FILTER, WRITE_BIAS,
                     WRITE_MULTIPLIER, WRITE_SHIFT, DOT, DEPTHWISE, SET_POINTERS, STREAM_INPUT, STREAM_FILTER)
    max_latency = TAPS + FIXED_LATENCY + 64

    def reference_model(self):
        return _ConvEngineModel()

    def elaborate(self, platform):
        m = Module()
        inputs = _BankedWords(m, "input", INPUT_WORDS)
        # Eight filter banks are read every cycle: as block RAM they would take four of the Arty's last
        # 5.5 (each uses 4 of a block's 18 Kib); in LUT RAM they cost about 100 LUTs each.
        filters = [_BankedWords(m, f"filter{lane}", FILTER_WORDS, DISTRIBUTED_RAM) for lane in range(LANES)]
        params = []  # per lane: bias, multiplier, shift of channels 4 * quad + lane
        for lane in range(LANES):
            memories = [Memory(shape=shape, depth=QUADS, init=[])
                        for shape in (signed(32), signed(32), signed(SHIFT_WIDTH))]
            for kind, memory in zip(("bias", "multiplier", "shift"), memories):
                m.submodules[f"{kind}{lane}"] = memory
            params.append(memories)

        input_offset = Signal(signed(OFFSET_WIDTH))
        output_offset = Signal(signed(9))
        act_min, act_max = Signal(signed(8)), Signal(signed(8))
        row_stride, pixel_stride = Signal(11), Signal(11)
        input_pointer = Signal(11)
        filter_lane, filter_pointer = Signal(2), Signal(8)

        # Parameters and data: written in the issue cycle, answered at once.
        writing = self.start & (self.funct7 != DOT) & (self.funct7 != DEPTHWISE)
        with m.If(writing):
            m.d.comb += [self.done.eq(1), self.result.eq(0)]
            with m.Switch(self.funct7):
                with m.Case(SET_OFFSETS):
                    m.d.sync += [input_offset.eq(self.in0[:OFFSET_WIDTH]), output_offset.eq(self.in1[:9])]
                with m.Case(SET_CLAMP):
                    m.d.sync += [act_min.eq(self.in0[:8]), act_max.eq(self.in1[:8])]
                with m.Case(SET_STRIDES):
                    m.d.sync += [row_stride.eq(self.in0[:11]), pixel_stride.eq(self.in1[:11])]
                with m.Case(SET_POINTERS):
                    m.d.sync += [input_pointer.eq(self.in0[:11]),
                                 filter_lane.eq(self.in1[:2]), filter_pointer.eq(self.in1[2:10])]
                with m.Case(STREAM_INPUT):
                    m.d.sync += input_pointer.eq(input_pointer + 2)
                with m.Case(STREAM_FILTER):
                    m.d.sync += filter_pointer.eq(filter_pointer + 2)
        inputs.write(m, self.in0[:11], self.in1, writing & (self.funct7 == WRITE_INPUT))
        inputs.write_pair(m, input_pointer, self.in0, self.in1, writing & (self.funct7 == STREAM_INPUT))
        for lane, bank in enumerate(filters):
            bank.write(m, self.in0[2:10], self.in1,
                       writing & (self.funct7 == WRITE_FILTER) & (self.in0[:2] == lane))
            bank.write_pair(m, filter_pointer, self.in0, self.in1,
                            writing & (self.funct7 == STREAM_FILTER) & (filter_lane == lane))
        for lane, memories in enumerate(params):
            for funct7, memory in zip((WRITE_BIAS, WRITE_MULTIPLIER, WRITE_SHIFT), memories):
                port = memory.write_port()
                m.d.comb += [port.addr.eq(self.in0[2:7]), port.data.eq(self.in1),
                             port.en.eq(writing & (self.funct7 == funct7) & (self.in0[:2] == lane))]

        # Convolutions: operands latched, a fetch/MAC loop, then the four channels requantized side by side.
        depthwise = Signal()
        base = Signal(11)          # first input word (DOT) or the centre word (DEPTHWISE)
        count = Signal(9)          # DOT: words; DEPTHWISE: the tap mask
        filter_base = Signal(8)
        quad = Signal(5)
        step = Signal(7)           # fetch step: a pair of words (DOT) or a tap (DEPTHWISE)
        tap_row, tap_col = Signal(2), Signal(2)
        fetched = Signal()         # the read ports hold words to accumulate
        fetched_second = Signal()  # ... and the second word of the pair counts (DOT)
        fetched_on = Signal()      # ... of a tap inside the image (DEPTHWISE)
        accs = [Signal(signed(32), name=f"acc{lane}") for lane in range(LANES)]

        row_offset = Mux(tap_row == 0, -row_stride, Mux(tap_row == 1, 0, row_stride))
        col_offset = Mux(tap_col == 0, -pixel_stride, Mux(tap_col == 1, 0, pixel_stride))
        input_address = Signal(11)
        filter_address = Signal(8)
        m.d.comb += [
            input_address.eq(Mux(depthwise, base + row_offset + col_offset, base + (step << 1))),
            filter_address.eq(filter_base + Mux(depthwise, step, step << 1)),
        ]
        inputs.read_pair(m, input_address)
        for bank in filters:
            bank.read_pair(m, filter_address)

        first_input, second_input = inputs.words()
        for lane, bank in enumerate(filters):
            first_weights, second_weights = bank.words()
            byte_mask = 0xFF << (8 * lane)
            depthwise_weights = filters[0].words()[0] & byte_mask
            pair = []
            for word, data, weights in ((0, first_input, Mux(depthwise, depthwise_weights, first_weights)),
                                        (1, second_input, second_weights)):
                mac = Mac4()
                m.submodules[f"mac{lane}_{word}"] = mac
                counts = Mux(depthwise, fetched_on, 1) if word == 0 else ~depthwise & fetched_second
                m.d.comb += [mac.a.eq(data), mac.b.eq(Mux(counts, weights, 0)), mac.offset.eq(input_offset)]
                pair.append(mac.sum)
            with m.If(fetched):
                m.d.sync += accs[lane].eq(accs[lane] + pair[0] + pair[1])

        # Parameters of the answer's channels are read from the issue cycle on (their quad is known then).
        requantized = []
        convolving = self.start & ((self.funct7 == DOT) | (self.funct7 == DEPTHWISE))
        start_requantize = Signal()
        for lane, memories in enumerate(params):
            reads = [memory.read_port() for memory in memories]
            requant = RequantizePipeline()
            m.submodules[f"requant{lane}"] = requant
            m.d.comb += [
                *(port.addr.eq(Mux(convolving, self.in1[16:21], quad)) for port in reads),
                requant.in_valid.eq(start_requantize), requant.acc.eq(accs[lane]),
                requant.bias.eq(reads[0].data), requant.multiplier.eq(reads[1].data),
                requant.shift.eq(reads[2].data), requant.output_offset.eq(output_offset),
                requant.act_min.eq(act_min), requant.act_max.eq(act_max),
            ]
            requantized.append(requant)

        tap_on = Signal()
        m.d.comb += tap_on.eq((count >> (tap_row * 3 + tap_col))[0])
        words_left = Signal(signed(10))
        m.d.comb += words_left.eq(count - (step << 1))
        last_step = Mux(depthwise, step == TAPS - 1, words_left <= 2)
        with m.FSM():
            with m.State("IDLE"):
                with m.If(convolving):
                    m.d.sync += [
                        depthwise.eq(self.funct7 == DEPTHWISE), base.eq(self.in0[:11]), count.eq(self.in0[16:25]),
                        filter_base.eq(self.in1[:8]), quad.eq(self.in1[16:21]),
                        step.eq(0), tap_row.eq(0), tap_col.eq(0),
                        *(acc.eq(0) for acc in accs),
                    ]
                    with m.If(self.funct7 == DOT):
                        m.d.sync += count.eq(self.in0[16:23])
                    m.next = "FETCH"
            with m.State("FETCH"):
                m.d.sync += [fetched.eq(depthwise | (words_left > 0)), fetched_second.eq(words_left > 1),
                             fetched_on.eq(tap_on), step.eq(step + 1)]
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
                m.d.comb += start_requantize.eq(1)
                m.next = "FINISH"
            with m.State("FINISH"):
                with m.If(requantized[0].out_valid):
                    m.d.comb += [self.done.eq(1),
                                 self.result.eq(Cat(requant.value for requant in requantized))]
                    m.next = "IDLE"
        return m


class _ConvEngineModel:
    """Reference model of :class:`ConvEngine`: the memories and registers as Python lists and integers."""

    def __init__(self):
        self.input_offset = self.output_offset = self.act_min = self.act_max = 0
        self.row_stride = self.pixel_stride = 0
        self.input_pointer = self.filter_lane = self.filter_pointer = 0
        self.inputs = [0] * INPUT_WORDS
        self.filters = [[0] * FILTER_WORDS for _ in range(LANES)]
        self.bias = [0] * CHANNELS
        self.multiplier = [0] * CHANNELS
        self.shift = [0] * CHANNELS

    def __call__(self, funct7: int, in0: int, in1: int) -> int:
        if funct7 == SET_OFFSETS:
            self.input_offset, self.output_offset = to_signed(in0, OFFSET_WIDTH), to_signed(in1, 9)
        elif funct7 == SET_CLAMP:
            self.act_min, self.act_max = to_signed(in0, 8), to_signed(in1, 8)
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
        elif funct7 == SET_POINTERS:
            self.input_pointer = in0 % INPUT_WORDS
            self.filter_lane, self.filter_pointer = in1 & 3, (in1 >> 2) % FILTER_WORDS
        elif funct7 == STREAM_INPUT:
            for word in (in0, in1):
                self.inputs[self.input_pointer] = word
                self.input_pointer = (self.input_pointer + 1) % INPUT_WORDS
        elif funct7 == STREAM_FILTER:
            for word in (in0, in1):
                self.filters[self.filter_lane][self.filter_pointer] = word
                self.filter_pointer = (self.filter_pointer + 1) % FILTER_WORDS
        elif funct7 in (DOT, DEPTHWISE):
            accs = self._dot(in0, in1) if funct7 == DOT else self._depthwise(in0, in1)
            return self._requantize(accs, LANES * _fields(in0, in1)[3])
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
            c = channel + lane
            value = requantize(to_int32(acc + self.bias[c]), self.multiplier[c], self.shift[c],
                               self.output_offset, self.act_min, self.act_max)
            packed |= (value & 0xFF) << (8 * lane)
        return to_unsigned(packed)


# The small engine (the Fomu's PicoRV32, funct3 1): one Mac4 on the UP5K's four free DSPs, one accumulator and a
# sequential requantizer (shift-and-add multiply, then a rounding right shift), four channels one after the other.
SMALL_FUNCT3 = 1
SMALL_INPUT_WORDS = 1024    # four planes of a padded 27x7 depthwise image are 756 words
SMALL_FILTER_WORDS = 1024   # a 64x64 pointwise filter
SMALL_CHANNELS = 64
SMALL_QUADS = SMALL_CHANNELS // LANES
SMALL_ADDRESS_WIDTH = 10
#: The multiplier's bits: TFLite's are Q31 values in [2**30, 2**31), never negative.
SMALL_MULTIPLIER_BITS = 31
#: The right shift's bits (0 to 31; TFLite's per-channel shift is -31 to 0 for scales below 1).
SMALL_SHIFT_BITS = 5
# Sub-operations (funct7).
S_SET_OUTPUT, S_SET_ROW_STEP, S_SET_POINTERS, S_STREAM_INPUT, S_STREAM_FILTER = 0, 1, 2, 3, 4
S_WRITE_BIAS, S_WRITE_MULTIPLIER, S_WRITE_SHIFT, S_DOT, S_DEPTHWISE = 5, 6, 7, 8, 9
#: Cycles of one channel besides its MAC steps and its right shift: lane start, multiply steps, output.
SMALL_CHANNEL_CYCLES = 1 + SMALL_MULTIPLIER_BITS + 1


def _small_walk(start: int, steps: int, row_step: int | None) -> list[int]:
    """Input addresses a_0 .. a_steps+1 of a DOT (``row_step`` None: +1 each) or a DEPTHWISE (+1, or + row_step
    after every third tap)."""
    addresses = [start]
    for k in range(steps + 1):
        step = row_step if row_step is not None and k % 3 == 2 else 1
        addresses.append((addresses[-1] + step) & (SMALL_INPUT_WORDS - 1))
    return addresses


class SmallConvEngine(Instruction):
    """The convolution engine cut down for the Fomu's UP5K: 4 MACs per cycle, the requantization sequential.

    ======  =================  ====================================================================
    funct7  name               does (every write answers 0 in the cycle it is issued)
    ======  =================  ====================================================================
    0       SET_OUTPUT         output offset = in0[8:0]; activation min = in1[7:0], max = in1[15:8]
    1       SET_ROW_STEP       depthwise step to the next row = in0[9:0] (input words)
    2       SET_POINTERS       input pointer = in0[9:0], filter pointer = in1[9:0]
    3       STREAM_INPUT       input[input pointer] = in0; input pointer += 1
    4       STREAM_FILTER      filter[filter pointer] = in0; filter pointer += 1
    5       WRITE_BIAS         bias of channel in0[5:0] = in1
    6       WRITE_MULTIPLIER   multiplier of channel in0[5:0] = in1[30:0] (not negative)
    7       WRITE_SHIFT        right shift of channel in0[5:0] = in1[4:0] (TFLite's shift is its negation)
    8       DOT                channel c = 4 * in1[19:16] + j, n = max(in0[22:16], 1):
                               acc[j] = bias[c] + sum over k < n of
                               mac4(input[a_k], filter[in1[9:0] + j * n + k], 0),
                               a_0 = in0[9:0], a_k+1 = a_k + 1
    9       DEPTHWISE          the same with n = 9 and a_k+1 = a_k + 1, or + the row step after
                               every third tap (k = 2, 5)
    ======  =================  ====================================================================

    DOT and DEPTHWISE answer ``requantize(acc[j], multiplier[c], -shift[c], ...)`` of the four channels packed,
    byte j channel c, after 4 x (n + shift + ``SMALL_CHANNEL_CYCLES``) cycles, and leave the input pointer at
    a_n+1 and the filter pointer at in1[9:0] + 4n. There is no input offset: a kernel adds ``offset * sum(w)`` to
    each channel's bias, and pads with the zero point. Depthwise filters hold one channel's byte per word (lane j's
    nine taps at 9j on). Addresses wrap modulo the memory depth. Before any parameter is written every memory and
    register is 0: a convolution answers 0.
    """

    funct7_values = (S_SET_OUTPUT, S_SET_ROW_STEP, S_SET_POINTERS, S_STREAM_INPUT, S_STREAM_FILTER,
                     S_WRITE_BIAS, S_WRITE_MULTIPLIER, S_WRITE_SHIFT, S_DOT, S_DEPTHWISE)
    max_latency = 1 + LANES * (127 + 31 + SMALL_CHANNEL_CYCLES)

    def reference_model(self):
        return _SmallConvEngineModel()

    def elaborate(self, platform):
        m = Module()
        width = SMALL_ADDRESS_WIDTH
        inputs = Memory(shape=32, depth=SMALL_INPUT_WORDS, init=[])
        filters = Memory(shape=32, depth=SMALL_FILTER_WORDS, init=[])
        params = [Memory(shape=shape, depth=SMALL_CHANNELS, init=[])
                  for shape in (signed(32), SMALL_MULTIPLIER_BITS, SMALL_SHIFT_BITS)]
        m.submodules.inputs, m.submodules.filters = inputs, filters
        m.submodules.bias, m.submodules.multiplier, m.submodules.shift = params

        output_offset = Signal(signed(9))
        act_min, act_max = Signal(signed(8)), Signal(signed(8))
        row_step = Signal(width)
        # The pointers of the streams, and the addresses a convolution reads.
        input_address, filter_address = Signal(width), Signal(width)
        column = Signal(2)            # of the tap at input_address (DEPTHWISE)
        depthwise = self.funct7 == S_DEPTHWISE
        next_input = input_address + Mux(depthwise & (column == 2), row_step, 1)

        # Writes: answered in the issue cycle (the dispatcher holds in0 and in1 until the answer).
        funct7, in0, in1 = self.funct7, self.in0, self.in1
        writing = self.start & (funct7 != S_DOT) & ~depthwise
        m.d.comb += self.done.eq(writing)
        with m.If(writing):
            with m.Switch(funct7):
                with m.Case(S_SET_OUTPUT):
                    m.d.sync += [output_offset.eq(in0[:9]), act_min.eq(in1[:8]), act_max.eq(in1[8:16])]
                with m.Case(S_SET_ROW_STEP):
                    m.d.sync += row_step.eq(in0[:width])
                with m.Case(S_SET_POINTERS):
                    m.d.sync += [input_address.eq(in0[:width]), filter_address.eq(in1[:width])]
                with m.Case(S_STREAM_INPUT):
                    m.d.sync += input_address.eq(next_input)
                with m.Case(S_STREAM_FILTER):
                    m.d.sync += filter_address.eq(filter_address + 1)
        for memory, address, funct7_value in ((inputs, input_address, S_STREAM_INPUT),
                                              (filters, filter_address, S_STREAM_FILTER)):
            port = memory.write_port()
            m.d.comb += [port.addr.eq(address), port.data.eq(in0), port.en.eq(writing & (funct7 == funct7_value))]
        for memory, funct7_value in zip(params, (S_WRITE_BIAS, S_WRITE_MULTIPLIER, S_WRITE_SHIFT)):
            port = memory.write_port()
            m.d.comb += [port.addr.eq(in0[:6]), port.data.eq(in1), port.en.eq(writing & (funct7 == funct7_value))]

        # Convolutions: per channel j, MAC steps into acc, then acc * multiplier + 2**30 shifted right through
        # `high` by 31 + shift, one bit a step (the multiplier's bit s added in step s), rounded, offset, clamped.
        count = in0[16:23]
        lane = Signal(2)
        step = Signal(7)              # the MAC step whose words the read ports hold
        acc = Signal(signed(32))
        high = Signal(signed(33))
        scale_step = Signal(6)
        half, sticky = Signal(), Signal()
        packed = Signal(24)

        input_read, filter_read = inputs.read_port(), filters.read_port()
        param_reads = [memory.read_port() for memory in params]
        m.d.comb += [input_read.addr.eq(input_address), filter_read.addr.eq(filter_address),
                     *(port.addr.eq(Cat(lane, in1[16:20])) for port in param_reads)]
        bias, multiplier, shift = (port.data for port in param_reads)

        m.submodules.mac = mac = Mac4()
        m.d.comb += [mac.a.eq(input_read.data), mac.b.eq(filter_read.data), mac.offset.eq(0)]
        last_step = Mux(depthwise, step == TAPS - 1, step + 1 >= count)

        multiplying = scale_step < SMALL_MULTIPLIER_BITS
        partial = Signal(signed(34))
        m.d.comb += partial.eq(high + Mux(multiplying & multiplier.bit_select(scale_step[:5], 1), acc, 0))
        rounded = Signal(signed(32))
        m.d.comb += rounded.eq(high[:32].as_signed() + (half & (sticky | ~high[32])) + output_offset)
        # The clamp in requantize's order: max(value, act_min), then min(that, act_max).
        fits = (rounded[7:] == 0) | (rounded[7:] == (1 << 25) - 1)
        low_byte = rounded[:8].as_signed()
        below = Mux(fits, low_byte < act_min, rounded[31])
        above = Mux(below, act_min > act_max, Mux(fits, low_byte > act_max, ~rounded[31]))
        byte = Signal(signed(8))
        m.d.comb += byte.eq(Mux(above, act_max, Mux(below, act_min, low_byte)))

        def start_lane(first_filter):
            m.d.sync += [input_address.eq(in0[:width]), column.eq(0), step.eq(0), filter_address.eq(first_filter)]

        def advance():
            m.d.sync += [input_address.eq(next_input), column.eq(Mux(column == 2, 0, column + 1)),
                         filter_address.eq(filter_address + 1)]

        with m.FSM():
            with m.State("IDLE"):
                with m.If(self.start & ((funct7 == S_DOT) | depthwise)):
                    start_lane(in1[:width])
                    m.d.sync += lane.eq(0)
                    m.next = "LANE"
            with m.State("LANE"):  # the first words and the channel's parameters are being read
                advance()
                m.next = "MAC"
            with m.State("MAC"):
                advance()
                m.d.sync += [acc.eq(Mux(step == 0, bias, acc) + mac.sum), step.eq(step + 1)]
                with m.If(last_step):
                    m.d.sync += [filter_address.eq(filter_address), high.eq(1 << 30), scale_step.eq(0),
                                 half.eq(0), sticky.eq(0)]
                    m.next = "SCALE"
            with m.State("SCALE"):
                m.d.sync += [high.eq(partial >> 1), scale_step.eq(scale_step + 1)]
                with m.If(~multiplying):
                    m.d.sync += [half.eq(high[0]), sticky.eq(sticky | half)]
                with m.If(scale_step + 1 == SMALL_MULTIPLIER_BITS + shift):
                    m.next = "OUTPUT"
            with m.State("OUTPUT"):
                with m.If(lane == LANES - 1):
                    m.d.comb += [self.done.eq(1), self.result.eq(Cat(packed, byte))]
                    m.next = "IDLE"
                with m.Else():
                    m.d.sync += [packed.eq(Cat(packed[8:], byte)), lane.eq(lane + 1)]
                    start_lane(filter_address)
                    m.next = "LANE"
        return m


class _SmallConvEngineModel:
    """Reference model of :class:`SmallConvEngine`."""

    def __init__(self):
        self.output_offset = self.act_min = self.act_max = self.row_step = 0
        self.input_pointer = self.filter_pointer = 0
        self.inputs = [0] * SMALL_INPUT_WORDS
        self.filters = [0] * SMALL_FILTER_WORDS
        self.bias = [0] * SMALL_CHANNELS
        self.multiplier = [0] * SMALL_CHANNELS
        self.shift = [0] * SMALL_CHANNELS

    def __call__(self, funct7: int, in0: int, in1: int) -> int:
        mask = SMALL_INPUT_WORDS - 1
        channel = in0 % SMALL_CHANNELS
        if funct7 == S_SET_OUTPUT:
            self.output_offset = to_signed(in0, 9)
            self.act_min, self.act_max = to_signed(in1, 8), to_signed(in1 >> 8, 8)
        elif funct7 == S_SET_ROW_STEP:
            self.row_step = in0 & mask
        elif funct7 == S_SET_POINTERS:
            self.input_pointer, self.filter_pointer = in0 & mask, in1 & mask
        elif funct7 == S_STREAM_INPUT:
            self.inputs[self.input_pointer] = in0
            self.input_pointer = (self.input_pointer + 1) & mask
        elif funct7 == S_STREAM_FILTER:
            self.filters[self.filter_pointer] = in0
            self.filter_pointer = (self.filter_pointer + 1) & mask
        elif funct7 == S_WRITE_BIAS:
            self.bias[channel] = to_signed(in1)
        elif funct7 == S_WRITE_MULTIPLIER:
            self.multiplier[channel] = in1 & ((1 << SMALL_MULTIPLIER_BITS) - 1)
        elif funct7 == S_WRITE_SHIFT:
            self.shift[channel] = in1 & ((1 << SMALL_SHIFT_BITS) - 1)
        elif funct7 in (S_DOT, S_DEPTHWISE):
            return self._convolve(in0, in1, funct7 == S_DEPTHWISE)
        return 0

    def _convolve(self, in0: int, in1: int, depthwise: bool) -> int:
        mask = SMALL_INPUT_WORDS - 1
        steps = TAPS if depthwise else max((in0 >> 16) & 0x7F, 1)
        addresses = _small_walk(in0 & mask, steps, self.row_step if depthwise else None)
        quad = (in1 >> 16) & (SMALL_QUADS - 1)
        packed = 0
        for lane in range(LANES):
            c = LANES * quad + lane
            acc = self.bias[c] + sum(mac4(self.inputs[addresses[k]], self.filters[(in1 + lane * steps + k) & mask], 0)
                                     for k in range(steps))
            value = requantize(to_int32(acc), self.multiplier[c], -self.shift[c], self.output_offset,
                               self.act_min, self.act_max)
            packed |= (value & 0xFF) << (8 * lane)
        self.input_pointer = addresses[-1]
        self.filter_pointer = (in1 + LANES * steps) & mask
        return packed


#: The CPU whose SoC (the Fomu's) has room for :class:`SmallConvEngine` only.
SMALL_ENGINE_CPU = "picorv32"
#: The CPUs with a CFU of their own (``make PROJ=kws_micro test`` checks each).
CFU_CPUS = (SMALL_ENGINE_CPU,)


def make_cfu(cpu: str = "vexriscv") -> Cfu:
    """The project's CFU for ``cpu``: the convolution engine in slot 0, or on PicoRV32 (the Fomu's UP5K, about
    900 logic cells and 4 DSPs left beside the SoC) the small engine in slot 1."""
    if cpu == SMALL_ENGINE_CPU:
        return Cfu({SMALL_FUNCT3: SmallConvEngine()})
    return Cfu({0: ConvEngine()})
