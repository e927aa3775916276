"""mnv2_first: a MobileNetV2 accelerator on one CFU slot (funct3 0), funct7 selecting the operation.

======  ==================  ===============================================================  =================
funct7  operation           does                                                             returns
======  ==================  ===============================================================  =================
0       SET_OFFSETS         input offset = in0, output offset = in1 (9-bit signed)           0
1       SET_ACTIVATION      activation min = in0, max = in1 (8-bit signed)                   0
2       SET_SHAPE           input words per pixel = in0[6:0] + 1, channels = in1[8:0] + 1;   0
                            empties the input banks
3/4/5   WRITE_BIAS/_MULTI-  per-channel bias, multiplier, shift (6-bit signed) of channel    0
        PLIER/_SHIFT        in0[8:0] = in1
6       WRITE_FILTER        filter word in0[10:0] = in1 (four int8 weights)                  0
7       PUSH_INPUT          two input words into the filling bank                            0, 1 if rejected
8       READ_OUTPUT         the next output word (four int8), 0 if none is coming            the word
9       DW_STAGE            top and middle words of the next depthwise window column         0
10      DW_COLUMN           bottom word: the column enters group in1[6:0]'s 3x3 window       0
11      DW_COMPUTE          as DW_COLUMN, then four outputs of channel group in1[6:0]        0, 1 if rejected
12/13   ADD_SET_INPUT1/2    how ADD rescales an input: multiplier in0; in1 = shift[5:0],     0
                            offset[16:8], left shift[24:20]
14      ADD_PUSH            four int8 of each input (in0, in1): one word of four sums,       0, 1 if rejected
                            requantized with channel 0's parameters
15      RESET               empties the input banks and the output queue                     0
======  ==================  ===============================================================  =================

Pointwise engine: a pixel is complete when its input words have been pushed; it is then multiplied
with each of the ``channels`` filters (filter ``k`` at words ``k * stride ...``, ``stride`` the words per
pixel rounded up to four), 16 MACs per cycle, and each result is requantized and packed four to a word
into the 256-word output queue. Two input banks let the CPU push the next pixel while one is computed.
A pixel starts only when the queue has room for all its outputs; a push that would need a third bank
while the queue is full answers 1 (nothing is written), as does a depthwise compute with a full queue.

Depthwise engine: each channel group's 3x3 window of words (four channels each) slides by one column per
DW_COLUMN; DW_COMPUTE multiplies it with the group's nine filter words (``(3 * group + row) * 4 +
column``), 12 MACs per cycle, and queues one word of four requantized outputs.

Operations wait while their answer would depend on work in flight: configuration waits for both engines
and the requantization pipeline to be idle, a read of an empty queue waits while outputs are coming (and
answers 0 at once when none are), a push waits for the bank being computed. The reference model
(``accelerator_model.py``) is the definition; ``make PROJ=mnv2_first test`` checks the gateware and the C
emulation (``src/software_cfu.c``) against it. Before any parameter is set every output is 0.
"""

import importlib.util
import sys
from pathlib import Path

from amaranth import Cat, Const, Module, Mux, Signal, signed
from amaranth.hdl import ResetInserter
from amaranth.lib.fifo import SyncFIFOBuffered
from amaranth.lib.memory import Memory

from cfu.gateware import Cfu, Instruction
from cfu.gateware.blocks import QuantizedMultiplyPipeline, RequantizePipeline


def _load_model():
    """The reference model module next to this file (project folders are not packages)."""
    name = "mnv2_first_accelerator_model"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name("accelerator_model.py"))
        sys.modules[name] = module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    return sys.modules[name]


model = _load_model()

BANK_ROWS = model.MAX_DEPTH_WORDS // model.MAC_WORDS
FILTER_ROWS = model.FILTER_WORDS // model.MAC_WORDS


def _lane(word, index):
    return word.word_select(index, 8).as_signed()


class ConvAccelerator(Instruction):
    """The pointwise and depthwise convolution engines, sharing filters, parameters and the output queue."""

    funct7_values = model.FUNCT7_VALUES
    # The longest wait: one pixel of 128 words through 512 filters, plus the pipelines.
    max_latency = model.MAX_CHANNELS * BANK_ROWS + 64

    def reference_model(self):
        return model.AcceleratorModel()

    def elaborate(self, platform):
        m = Module()
        funct7, in0, in1 = self.funct7, self.in0, self.in1

        # --- Storage -------------------------------------------------------------------------------------
        m.submodules.filters = filters = Memory(shape=128, depth=FILTER_ROWS, init=[])
        m.submodules.inputs = inputs = Memory(shape=128, depth=2 * BANK_ROWS, init=[])
        m.submodules.bias = bias_mem = Memory(shape=signed(32), depth=model.MAX_CHANNELS, init=[])
        m.submodules.mult = mult_mem = Memory(shape=signed(32), depth=model.MAX_CHANNELS, init=[])
        m.submodules.shift = shift_mem = Memory(shape=signed(6), depth=model.MAX_CHANNELS, init=[])
        clear_queue = Signal()
        queue = SyncFIFOBuffered(width=32, depth=model.QUEUE_WORDS)
        m.submodules.queue = ResetInserter(clear_queue)(queue)
        filter_write = filters.write_port(granularity=32)
        filter_read = filters.read_port()
        input_write = inputs.write_port(granularity=32)
        input_read = inputs.read_port()
        param_writes = [mem.write_port() for mem in (bias_mem, mult_mem, shift_mem)]
        param_reads = [mem.read_port() for mem in (bias_mem, mult_mem, shift_mem)]

        input_offset = Signal(signed(9))
        output_offset = Signal(signed(9))
        act_min = Signal(signed(8))
        act_max = Signal(signed(8))
        depth_m1 = Signal(7)      # input words per pixel, minus one
        channels_m1 = Signal(9)   # output channels, minus one
        rows_m1 = Signal(5)
        need = Signal(8)          # queue words of one pixel
        m.d.comb += [rows_m1.eq(depth_m1 >> 2), need.eq((channels_m1 >> 2) + 1)]

        # --- Input banks ---------------------------------------------------------------------------------
        bank_full = Signal(2)
        fill = Signal()           # the bank being pushed into
        oldest = Signal()         # the bank the engine takes next
        write_pos = Signal(8)

        # --- Output queue accounting: words queued or promised by started work ---------------------------
        reserved = Signal(range(model.QUEUE_WORDS + 1))
        reserve = Signal(8)
        release = Signal()
        with m.If(clear_queue):
            m.d.sync += reserved.eq(0)
        with m.Else():
            m.d.sync += reserved.eq(reserved + reserve - release)

        # --- Pointwise engine: issue (row, filter row) per cycle; data one cycle later --------------------
        pw_running = Signal()
        pw_bank = Signal()
        pw_row = Signal(5)
        pw_channel = Signal(9)
        pw_filter_row = Signal(range(FILTER_ROWS))
        dw_busy = Signal()
        add_busy = Signal()
        pw_has_room = Signal()
        pw_startable = Signal()
        m.d.comb += [
            pw_has_room.eq(reserved + need <= model.QUEUE_WORDS),
            pw_startable.eq(bank_full.bit_select(oldest, 1) & ~pw_running & ~dw_busy & ~add_busy & pw_has_room),
        ]
        with m.If(pw_startable):
            m.d.sync += [pw_running.eq(1), pw_bank.eq(oldest), pw_row.eq(0), pw_channel.eq(0),
                         pw_filter_row.eq(0)]
            m.d.comb += reserve.eq(need)
        issue_valid = Signal()
        issue_last_row = Signal()
        issue_last_channel = Signal()
        m.d.comb += [
            issue_valid.eq(pw_running),
            issue_last_row.eq(pw_row == rows_m1),
            issue_last_channel.eq(pw_channel == channels_m1),
        ]
        with m.If(pw_running):
            m.d.sync += pw_filter_row.eq(pw_filter_row + 1)
            with m.If(issue_last_row):
                m.d.sync += [pw_row.eq(0), pw_channel.eq(pw_channel + 1)]
                with m.If(issue_last_channel):
                    m.d.sync += [pw_running.eq(0), oldest.eq(~oldest)]
                    m.d.sync += bank_full.bit_select(pw_bank, 1).eq(0)
            with m.Else():
                m.d.sync += pw_row.eq(pw_row + 1)

        # Stage 1: memory data; 16 products, masked beyond the pixel's depth.
        valid1, row1, first1, last1, channel1, flush1 = (Signal(), Signal(5), Signal(), Signal(), Signal(9),
                                                         Signal())
        m.d.sync += [valid1.eq(issue_valid), row1.eq(pw_row), first1.eq(pw_row == 0), last1.eq(issue_last_row),
                     channel1.eq(pw_channel), flush1.eq(issue_last_row & issue_last_channel)]
        products = []
        for word in range(model.MAC_WORDS):
            in_word = input_read.data.word_select(word, 32)
            weights = filter_read.data.word_select(word, 32)
            inside = Cat(Const(word, 2), row1) <= depth_m1
            for lane in range(4):
                products.append(Mux(inside, (_lane(in_word, lane) + input_offset) * _lane(weights, lane), 0))
        psum2 = Signal(signed(24))
        valid2, first2, last2, channel2, flush2 = Signal(), Signal(), Signal(), Signal(9), Signal()
        m.d.sync += [psum2.eq(sum(products)), valid2.eq(valid1), first2.eq(first1), last2.eq(last1),
                     channel2.eq(channel1), flush2.eq(flush1)]
        # Stage 2: accumulate; the last row of a channel goes to the output stage.
        acc = Signal(signed(32))
        acc_next = Signal(signed(32))
        m.d.comb += acc_next.eq(Mux(first2, psum2, acc + psum2))
        with m.If(valid2):
            m.d.sync += acc.eq(acc_next)

        # --- Depthwise engine ----------------------------------------------------------------------------
        staged = [Signal(32, name=f"staged{i}") for i in range(2)]
        # Each group's two newest columns (6 words); read and rewritten as a column enters.
        m.submodules.windows = windows = Memory(shape=6 * 32, depth=model.DW_GROUPS, init=[])
        window_read = windows.read_port(domain="comb")
        window_write = windows.write_port()
        m.d.comb += [window_read.addr.eq(in1[:7]), window_write.addr.eq(in1[:7])]
        stored = [[window_read.data.word_select(3 * c + r, 32) for r in range(3)] for c in range(2)]
        dw_window = [[Signal(32, name=f"dw_window_c{c}_r{r}") for r in range(3)] for c in range(3)]
        dw_group = Signal(7)
        dw_step = Signal(4)
        dw_acc = [Signal(signed(32), name=f"dw_acc{lane}") for lane in range(4)]
        dw_row_data = filter_read.data
        shifted_window = [stored[0], stored[1], [staged[0], staged[1], in0]]
        dw_row = Signal(2)
        m.d.comb += dw_row.eq(dw_step - 1)
        with m.If(dw_busy):
            m.d.sync += dw_step.eq(dw_step + 1)
            with m.If(dw_step == 7):
                m.d.sync += dw_busy.eq(0)
            with m.If((dw_step >= 1) & (dw_step <= 3)):
                for lane in range(4):
                    terms = []
                    for column in range(3):
                        word = Mux(dw_row == 0, dw_window[column][0],
                                   Mux(dw_row == 1, dw_window[column][1], dw_window[column][2]))
                        tap = dw_row_data.word_select(column, 32)
                        terms.append((_lane(word, lane) + input_offset) * _lane(tap, lane))
                    m.d.sync += dw_acc[lane].eq(Mux(dw_step == 1, 0, dw_acc[lane]) + sum(terms))
        dw_emit = Signal()
        dw_emit_lane = Signal(2)
        m.d.comb += [dw_emit.eq(dw_busy & (dw_step >= 4)), dw_emit_lane.eq(dw_step - 4)]

        # --- ADD engine: the four lanes of two words through two input rescalers, one lane per cycle ----
        add_inputs = [dict(multiplier=Signal(signed(32), name=f"add{i}_multiplier"),
                           shift=Signal(signed(6), name=f"add{i}_shift"),
                           offset=Signal(signed(9), name=f"add{i}_offset"),
                           left_shift=Signal(5, name=f"add{i}_left_shift")) for i in range(2)]
        add_words = [Signal(32, name=f"add_word{i}") for i in range(2)]
        add_step = Signal(3)
        add_lane = Signal(2)
        m.d.comb += add_lane.eq(add_step)
        scalers = []
        for i, (params, word) in enumerate(zip(add_inputs, add_words)):
            m.submodules[f"add_scale{i}"] = scaler = QuantizedMultiplyPipeline()
            lane_value = word.word_select(add_lane, 8).as_signed()
            m.d.comb += [
                scaler.in_valid.eq(add_busy & (add_step < 4)), scaler.in_tag.eq(add_lane == 3),
                scaler.x.eq(((lane_value + params["offset"]) << params["left_shift"])[:32]),
                scaler.multiplier.eq(params["multiplier"]), scaler.shift.eq(params["shift"]),
            ]
            scalers.append(scaler)
        with m.If(add_busy):
            m.d.sync += add_step.eq(add_step + 1)
            with m.If(add_step == 5):
                m.d.sync += add_busy.eq(0)
        add_sum = Signal(signed(32))
        m.d.comb += add_sum.eq(scalers[0].result + scalers[1].result)

        # --- Filter reads: the pointwise engine or the depthwise one ------------------------------------
        m.d.comb += filter_read.addr.eq(Mux(pw_running, pw_filter_row, dw_group * 3 + dw_step[:2]))
        m.d.comb += input_read.addr.eq(Cat(pw_row, pw_bank))

        # --- Output stage: parameter lookup, requantization, packing into the queue -----------------------
        emit_valid = Signal()
        emit_acc = Signal(signed(32))
        emit_channel = Signal(9)
        emit_flush = Signal()
        dw_lane_acc = Mux(dw_emit_lane == 0, dw_acc[0], Mux(dw_emit_lane == 1, dw_acc[1],
                                                            Mux(dw_emit_lane == 2, dw_acc[2], dw_acc[3])))
        with m.If(valid2 & last2):
            m.d.comb += [emit_valid.eq(1), emit_acc.eq(acc_next), emit_channel.eq(channel2),
                         emit_flush.eq(flush2)]
        with m.Elif(dw_emit):
            m.d.comb += [emit_valid.eq(1), emit_acc.eq(dw_lane_acc), emit_channel.eq(Cat(dw_emit_lane, dw_group)),
                         emit_flush.eq(dw_emit_lane == 3)]
        with m.Elif(scalers[0].out_valid):  # ADD requantizes with channel 0's parameters
            m.d.comb += [emit_valid.eq(1), emit_acc.eq(add_sum), emit_flush.eq(scalers[0].out_tag)]
        for port in param_reads:
            m.d.comb += port.addr.eq(emit_channel)
        looked_up_valid, looked_up_acc, looked_up_flush = Signal(), Signal(signed(32)), Signal()
        m.d.sync += [looked_up_valid.eq(emit_valid), looked_up_acc.eq(emit_acc), looked_up_flush.eq(emit_flush)]
        m.submodules.requantize = requantize = RequantizePipeline()
        m.d.comb += [
            requantize.in_valid.eq(looked_up_valid), requantize.acc.eq(looked_up_acc),
            requantize.bias.eq(param_reads[0].data), requantize.multiplier.eq(param_reads[1].data),
            requantize.shift.eq(param_reads[2].data), requantize.in_tag.eq(looked_up_flush),
            requantize.output_offset.eq(output_offset), requantize.act_min.eq(act_min),
            requantize.act_max.eq(act_max),
        ]
        packed = Signal(24)
        pack_lane = Signal(2)
        word = Signal(32)
        m.d.comb += word.eq(Mux(pack_lane == 0, requantize.value.as_unsigned(),
                                Mux(pack_lane == 1, Cat(packed[:8], requantize.value),
                                    Mux(pack_lane == 2, Cat(packed[:16], requantize.value),
                                        Cat(packed, requantize.value)))))
        with m.If(requantize.out_valid):
            with m.If(requantize.out_tag | (pack_lane == 3)):
                m.d.comb += [queue.w_en.eq(1), queue.w_data.eq(word)]
                m.d.sync += [pack_lane.eq(0), packed.eq(0)]
            with m.Else():
                m.d.sync += [pack_lane.eq(pack_lane + 1), packed.eq(word[:24])]

        # --- Operations ---------------------------------------------------------------------------------
        waiting = Signal()
        active = Signal()
        m.d.comb += active.eq(self.start | waiting)
        idle = Signal()
        m.d.comb += idle.eq(~pw_running & ~pw_startable & ~dw_busy & ~add_busy & ~valid1 & ~valid2 & ~looked_up_valid
                            & ~requantize.busy)
        done = Signal()
        with m.If(active):
            with m.Switch(funct7):
                with m.Case(model.SET_OFFSETS, model.SET_ACTIVATION, model.SET_SHAPE, model.WRITE_BIAS,
                            model.WRITE_MULTIPLIER, model.WRITE_SHIFT, model.WRITE_FILTER, model.ADD_SET_INPUT1,
                            model.ADD_SET_INPUT2, model.RESET):
                    m.d.comb += done.eq(idle)
                with m.Case(model.PUSH_INPUT):
                    with m.If(~bank_full.bit_select(fill, 1)):
                        m.d.comb += done.eq(1)
                    with m.Elif(~pw_running & ~pw_has_room):  # waiting would not free a bank
                        m.d.comb += [done.eq(1), self.result.eq(model.REJECTED)]
                with m.Case(model.READ_OUTPUT):
                    with m.If(queue.r_rdy):
                        m.d.comb += [done.eq(1), self.result.eq(queue.r_data), queue.r_en.eq(1), release.eq(1)]
                    with m.Elif((reserved == 0) & ~pw_running & ~pw_startable):
                        m.d.comb += done.eq(1)
                with m.Case(model.DW_COMPUTE, model.ADD_PUSH):
                    with m.If(~pw_running & ~pw_startable & ~dw_busy & ~add_busy):
                        m.d.comb += done.eq(1)
                        with m.If(reserved >= model.QUEUE_WORDS):
                            m.d.comb += self.result.eq(model.REJECTED)
                with m.Default():
                    m.d.comb += done.eq(1)
        m.d.comb += self.done.eq(done)
        with m.If(active & ~done):
            m.d.sync += waiting.eq(1)
        with m.If(done):
            m.d.sync += waiting.eq(0)

        accepted = Signal()
        m.d.comb += accepted.eq(done & (self.result == 0))
        with m.If(accepted):
            with m.Switch(funct7):
                with m.Case(model.SET_OFFSETS):
                    m.d.sync += [input_offset.eq(in0[:9]), output_offset.eq(in1[:9])]
                with m.Case(model.SET_ACTIVATION):
                    m.d.sync += [act_min.eq(in0[:8]), act_max.eq(in1[:8])]
                with m.Case(model.SET_SHAPE):
                    m.d.sync += [depth_m1.eq(in0[:7]), channels_m1.eq(in1[:9]), bank_full.eq(0), fill.eq(0),
                                 oldest.eq(0), write_pos.eq(0)]
                with m.Case(model.RESET):
                    m.d.sync += [bank_full.eq(0), fill.eq(0), oldest.eq(0), write_pos.eq(0)]
                    m.d.comb += clear_queue.eq(1)
                for index, case in enumerate((model.WRITE_BIAS, model.WRITE_MULTIPLIER, model.WRITE_SHIFT)):
                    with m.Case(case):
                        m.d.comb += [param_writes[index].addr.eq(in0[:9]), param_writes[index].data.eq(in1),
                                     param_writes[index].en.eq(1)]
                with m.Case(model.WRITE_FILTER):
                    m.d.comb += [filter_write.addr.eq(in0[2:11]), filter_write.data.eq(Cat(in1, in1, in1, in1)),
                                 filter_write.en.eq(1 << in0[:2])]
                with m.Case(model.PUSH_INPUT):
                    m.d.comb += [input_write.addr.eq(Cat(write_pos[2:7], fill)),
                                 input_write.data.eq(Cat(in0, in1, in0, in1)),
                                 input_write.en.eq(Mux(write_pos[1], 0b1100, 0b0011))]
                    with m.If(write_pos + 2 > depth_m1):
                        m.d.sync += [write_pos.eq(0), fill.eq(~fill), bank_full.bit_select(fill, 1).eq(1)]
                    with m.Else():
                        m.d.sync += write_pos.eq(write_pos + 2)
                with m.Case(model.DW_STAGE):
                    m.d.sync += [staged[0].eq(in0), staged[1].eq(in1)]
                with m.Case(model.DW_COLUMN, model.DW_COMPUTE):
                    m.d.comb += [window_write.en.eq(1),
                                 window_write.data.eq(Cat(*shifted_window[1], *shifted_window[2]))]
                    with m.If(funct7 == model.DW_COMPUTE):
                        for column in range(3):
                            for row in range(3):
                                m.d.sync += dw_window[column][row].eq(shifted_window[column][row])
                        m.d.sync += [dw_group.eq(in1[:7]), dw_busy.eq(1), dw_step.eq(0)]
                        m.d.comb += reserve.eq(1)
                for index, case in enumerate((model.ADD_SET_INPUT1, model.ADD_SET_INPUT2)):
                    with m.Case(case):
                        params = add_inputs[index]
                        m.d.sync += [params["multiplier"].eq(in0), params["shift"].eq(in1[:6]),
                                     params["offset"].eq(in1[8:17]), params["left_shift"].eq(in1[20:25])]
                with m.Case(model.ADD_PUSH):
                    m.d.sync += [add_words[0].eq(in0), add_words[1].eq(in1), add_busy.eq(1), add_step.eq(0)]
                    m.d.comb += reserve.eq(1)
        return m


def make_cfu() -> Cfu:
    """The project's CFU: the accelerator on funct3 0."""
    return Cfu({0: ConvAccelerator()})
