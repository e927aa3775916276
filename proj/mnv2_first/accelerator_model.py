"""Reference model of the mnv2_first accelerator: what every operation of ``ConvAccelerator`` answers.

The gateware (``cfu.py``), the C emulation (``src/software_cfu.c``) and the simulators are checked against
this class. It computes eagerly: a complete input pixel is turned into output words as soon as the output
queue has room for all of them, so its answers never depend on timing. The gateware matches it by making an
operation wait whenever its answer would depend on work still in flight (see ``cfu.py``).
"""

from collections import deque

from cfu.gateware import to_signed, to_unsigned
from cfu.gateware.blocks import mac4
from cfu.tflite_math import multiply_by_quantized_multiplier, requantize, to_int32

# funct7 of each operation (the C side: src/kernels/mnv2_cfu.h).
SET_OFFSETS, SET_ACTIVATION, SET_SHAPE = 0, 1, 2
WRITE_BIAS, WRITE_MULTIPLIER, WRITE_SHIFT, WRITE_FILTER = 3, 4, 5, 6
PUSH_INPUT, READ_OUTPUT = 7, 8
DW_STAGE, DW_COLUMN, DW_COMPUTE = 9, 10, 11
ADD_SET_INPUT1, ADD_SET_INPUT2, ADD_PUSH = 12, 13, 14
RESET = 15
FUNCT7_VALUES = tuple(range(16))

MAX_DEPTH_WORDS = 128      # input vector of one pixel: up to 512 int8 values
MAX_CHANNELS = 512         # output channels of one pass (per-channel parameter store)
FILTER_WORDS = 2048        # 8 KiB filter store
QUEUE_WORDS = 256          # output queue
MAC_WORDS = 4              # input words multiplied per cycle (16 MACs)
DW_GROUPS = 128            # depthwise channel groups of four addressable by DW_COMPUTE
REJECTED = 1               # answer of an operation that could not be accepted (nothing changed)


def depth_words(field: int) -> int:
    """Input words per pixel as SET_SHAPE's in0 encodes it (value minus one, 7 bits)."""
    return (field & (MAX_DEPTH_WORDS - 1)) + 1


def channel_count(field: int) -> int:
    """Output channels per pixel as SET_SHAPE's in1 encodes it (value minus one, 9 bits)."""
    return (field & (MAX_CHANNELS - 1)) + 1


def words_per_pixel(channels: int) -> int:
    return (channels + 3) // 4


def byte_lane(word: int, lane: int) -> int:
    return to_signed(word >> (8 * lane), 8)


class AcceleratorModel:
    """State and operations of the accelerator, seen from the CPU."""

    def __init__(self):
        self.input_offset = self.output_offset = 0
        self.act_min = self.act_max = 0
        self.depth = self.channels = 1
        self.bias = [0] * MAX_CHANNELS
        self.multiplier = [0] * MAX_CHANNELS
        self.shift = [0] * MAX_CHANNELS
        self.filter = [0] * FILTER_WORDS
        self.fill: list[int] = []
        self.complete: deque[list[int]] = deque()
        self.queue: deque[int] = deque()
        self.staged = (0, 0)
        # Per channel group, the window's three columns of (top, middle, bottom) words.
        self.windows = [[(0, 0, 0)] * 3 for _ in range(DW_GROUPS)]
        self.add_inputs = [AddInput(), AddInput()]

    def __call__(self, funct7: int, in0: int, in1: int) -> int:
        result = self._operate(funct7, in0, in1)
        self._run_engine()
        return result

    def _operate(self, funct7: int, in0: int, in1: int) -> int:
        if funct7 == SET_OFFSETS:
            self.input_offset, self.output_offset = to_signed(in0, 9), to_signed(in1, 9)
        elif funct7 == SET_ACTIVATION:
            self.act_min, self.act_max = to_signed(in0, 8), to_signed(in1, 8)
        elif funct7 == SET_SHAPE:
            self.depth, self.channels = depth_words(in0), channel_count(in1)
            self.fill, self.complete = [], deque()
        elif funct7 == WRITE_BIAS:
            self.bias[in0 % MAX_CHANNELS] = to_signed(in1)
        elif funct7 == WRITE_MULTIPLIER:
            self.multiplier[in0 % MAX_CHANNELS] = to_signed(in1)
        elif funct7 == WRITE_SHIFT:
            self.shift[in0 % MAX_CHANNELS] = to_signed(in1, 6)
        elif funct7 == WRITE_FILTER:
            self.filter[in0 % FILTER_WORDS] = in1
        elif funct7 == PUSH_INPUT:
            return self._push(in0, in1)
        elif funct7 == READ_OUTPUT:
            return self.queue.popleft() if self.queue else 0
        elif funct7 == DW_STAGE:
            self.staged = (in0, in1)
        elif funct7 in (DW_COLUMN, DW_COMPUTE):
            if funct7 == DW_COMPUTE and len(self.queue) >= QUEUE_WORDS:
                return REJECTED
            group = in1 % DW_GROUPS
            self.windows[group] = self.windows[group][1:] + [(*self.staged, in0)]
            if funct7 == DW_COMPUTE:
                self.queue.append(self._depthwise(group))
        elif funct7 in (ADD_SET_INPUT1, ADD_SET_INPUT2):
            self.add_inputs[funct7 - ADD_SET_INPUT1] = AddInput.decode(in0, in1)
        elif funct7 == RESET:
            self.fill, self.complete, self.queue = [], deque(), deque()
        elif funct7 == ADD_PUSH:
            if len(self.queue) >= QUEUE_WORDS:
                return REJECTED
            self.queue.append(self._add(in0, in1))
        return 0

    def _push(self, in0: int, in1: int) -> int:
        if len(self.complete) == 2:   # both input banks hold pixels the queue has no room for
            return REJECTED
        self.fill += [in0, in1]
        if len(self.fill) >= self.depth:
            self.complete.append(self.fill[:self.depth])
            self.fill = []
        return 0

    def _run_engine(self) -> None:
        need = words_per_pixel(self.channels)
        while self.complete and len(self.queue) + need <= QUEUE_WORDS:
            self._pointwise(self.complete.popleft())

    def _requantize(self, acc: int, channel: int) -> int:
        return requantize(to_signed(acc + self.bias[channel]), self.multiplier[channel], self.shift[channel],
                          self.output_offset, self.act_min, self.act_max)

    def _pointwise(self, pixel: list[int]) -> None:
        """One output channel per filter row: the dot product of the pixel with it, requantized, packed."""
        stride = -(-self.depth // MAC_WORDS) * MAC_WORDS
        outputs = []
        for channel in range(self.channels):
            row = self.filter[(channel * stride) % FILTER_WORDS:][:self.depth]
            row += self.filter[:self.depth - len(row)]   # the store's addresses wrap around
            acc = sum(mac4(a, b, self.input_offset) for a, b in zip(pixel, row))
            outputs.append(self._requantize(acc, channel))
        self._pack(outputs)

    def _depthwise(self, group: int) -> int:
        """Four channels of a 3x3 depthwise window; filter word (3 * group + row) * 4 + column."""
        outputs = []
        for lane in range(4):
            acc = 0
            for column, words in enumerate(self.windows[group]):
                for row, word in enumerate(words):
                    tap = self.filter[((3 * group + row) * 4 + column) % FILTER_WORDS]
                    acc += (byte_lane(word, lane) + self.input_offset) * byte_lane(tap, lane)
            outputs.append(self._requantize(acc, 4 * group + lane))
        return _packed(outputs)

    def _add(self, a: int, b: int) -> int:
        """Four lanes of TFLite's int8 ADD: both inputs rescaled, summed, requantized as channel 0."""
        first, second = self.add_inputs
        sums = [to_int32(first.scale(byte_lane(a, lane)) + second.scale(byte_lane(b, lane))) for lane in range(4)]
        return _packed([self._requantize(total, 0) for total in sums])

    def _pack(self, outputs: list[int]) -> None:
        for start in range(0, len(outputs), 4):
            self.queue.append(_packed(outputs[start:start + 4]))


class AddInput:
    """How ADD rescales one input: ``MultiplyByQuantizedMultiplier((x + offset) << left_shift, multiplier, shift)``.

    ADD_SET_INPUT1/2 encode it as in0 = multiplier, in1 = shift[5:0] | offset[16:8] | left_shift[24:20].
    """

    def __init__(self, multiplier: int = 0, shift: int = 0, offset: int = 0, left_shift: int = 0):
        self.multiplier, self.shift, self.offset, self.left_shift = multiplier, shift, offset, left_shift

    @classmethod
    def decode(cls, in0: int, in1: int) -> "AddInput":
        return cls(to_signed(in0), to_signed(in1, 6), to_signed(in1 >> 8, 9), (in1 >> 20) & 31)

    def scale(self, x: int) -> int:
        return multiply_by_quantized_multiplier(to_int32((x + self.offset) << self.left_shift),
                                                self.multiplier, self.shift)


def _packed(values: list[int]) -> int:
    return sum(to_unsigned(v, 8) << (8 * lane) for lane, v in enumerate(values))
