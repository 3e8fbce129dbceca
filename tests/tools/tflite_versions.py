"""The operator versions a float32 or int8 .tflite file must carry, by TFLite's own rules
(tensorflow/lite/tools/versioning/op_version.cc, GetBuiltinOperatorVersion), checked against
the versions the file states. Reads the flatbuffer directly (no generated code), so the check
does not share the exporter's view of the schema.

A runtime picks a kernel by (operator, version): a version too low hides a feature the kernel
must honour (a dilated depthwise conv claimed as version 1), one too high makes an older
runtime refuse a model it could run, or names a variant that is not there (CONV_2D version 2
is the hybrid int8-weights kernel).
"""
import struct

# BuiltinOperator codes (schema.fbs) of the operators whose version depends on the graph.
ADD, AVERAGE_POOL_2D, CONCATENATION, CONV_2D, DEPTHWISE_CONV_2D, DEQUANTIZE = 0, 1, 2, 3, 4, 6
FULLY_CONNECTED, LOGISTIC, MAX_POOL_2D, MUL, RELU, RELU6, RESHAPE = 9, 14, 17, 18, 19, 21, 22
SOFTMAX, TANH, PAD, TRANSPOSE, MEAN, SUB, DIV, MAXIMUM, MINIMUM = 25, 28, 34, 39, 40, 41, 42, 55, 57
SLICE, LEAKY_RELU, QUANTIZE, HARD_SWISH = 65, 98, 114, 117
FLOAT32, INT8 = 0, 9

# Operators whose int8 form is version 2 (an int8 first input), by op_version.cc.
INT8_V2 = {ADD, AVERAGE_POOL_2D, MAX_POOL_2D, CONCATENATION, DEQUANTIZE, PAD, SOFTMAX, MEAN,
           LOGISTIC, TANH, RELU, RELU6, TRANSPOSE, SLICE, MAXIMUM, MINIMUM, SUB}


class _Buffer:
    def __init__(self, data):
        self.data = data

    def u8(self, at):
        return self.data[at]

    def i32(self, at):
        return struct.unpack_from("<i", self.data, at)[0]

    def u32(self, at):
        return struct.unpack_from("<I", self.data, at)[0]

    def u16(self, at):
        return struct.unpack_from("<H", self.data, at)[0]

    def field(self, table, slot):
        """The position of field `slot` of the table at `table`, or None when absent."""
        vtable = table - self.i32(table)
        size = self.u16(vtable)
        entry = 4 + 2 * slot
        if entry >= size:
            return None
        offset = self.u16(vtable + entry)
        return table + offset if offset else None

    def scalar(self, table, slot, read, default):
        at = self.field(table, slot)
        return default if at is None else read(at)

    def ref(self, table, slot):
        at = self.field(table, slot)
        return None if at is None else at + self.u32(at)

    def vector(self, table, slot):
        """(position of the first element, length) of a vector field; (0, 0) when absent."""
        at = self.ref(table, slot)
        return (0, 0) if at is None else (at + 4, self.u32(at))

    def tables(self, table, slot):
        start, n = self.vector(table, slot)
        return [start + 4 * i + self.u32(start + 4 * i) for i in range(n)]

    def ints(self, table, slot):
        start, n = self.vector(table, slot)
        return [self.i32(start + 4 * i) for i in range(n)]


def int8_version(code, inputs, outputs):
    """TFLite's version of an operator whose first input is int8 (None: not one the
    exporter writes)."""
    if code in (CONV_2D, DEPTHWISE_CONV_2D):
        return 3 if inputs[1] and inputs[1][0] == INT8 and outputs[0][0] == INT8 else None
    if code == MUL:
        # Version 3: a rescale s_a * s_b / s_out of at least 1.
        scales = [inputs[0][2], inputs[1][2], outputs[0][2]]
        if all(scales) and scales[0] * scales[1] / scales[2] >= 1.0:
            return 3
        return 2
    if code in INT8_V2:
        return 2
    if code in (RESHAPE, QUANTIZE, LEAKY_RELU, HARD_SWISH):
        return 1  # LEAKY_RELU is 2 for int16 only; HARD_SWISH has one version
    return None


def expected_version(code, inputs, outputs, options, buf):
    """TFLite's version of an operator; `inputs` and `outputs` are (type, dims, scale) of its
    tensors (None for an omitted optional input; scale 0 when not quantised), `options` the
    position of its options table."""
    first_type = inputs[0][0] if inputs and inputs[0] else FLOAT32
    if first_type == INT8:
        version = int8_version(code, inputs, outputs)
        if version is None:
            raise ValueError("no int8 version rule for builtin %d" % code)
        return version
    if first_type != FLOAT32:
        raise ValueError("only float32 and int8 graphs are checked, input type %d" % first_type)
    if code == QUANTIZE:
        return 1  # float32 to int8 (version 2 is an int16 output)
    max_dims = max((len(i[1]) for i in inputs if i), default=0)
    broadcast = len(inputs) >= 2 and inputs[0] and inputs[1] and inputs[0][1] != inputs[1][1]
    if code == DEPTHWISE_CONV_2D:
        # DepthwiseConv2DOptions: dilation_w_factor 5, dilation_h_factor 6 (default 1).
        dw = buf.scalar(options, 5, buf.i32, 1) if options else 1
        dh = buf.scalar(options, 6, buf.i32, 1) if options else 1
        return 2 if dw != 1 or dh != 1 else 1
    if code == CONV_2D:
        # A grouped convolution (filter's input depth below the input's channels) is 6.
        if inputs[0][1] and inputs[1][1] and inputs[1][1][-1] != inputs[0][1][-1]:
            return 6
        return 1
    if code == FULLY_CONNECTED:
        if len(inputs) == 2 or inputs[2] is None:
            return 6
        # FullyConnectedOptions: weights_format 1, keep_num_dims 2.
        if options and buf.scalar(options, 2, buf.u8, 0):
            return 5
        if options and buf.scalar(options, 1, buf.u8, 0):
            return 2
        return 1
    if code in (SUB, MAXIMUM, MINIMUM):
        return 3 if broadcast and max_dims > 4 else 1
    if code == DIV:
        return 2 if broadcast and max_dims > 4 else 1
    if code == PAD:
        return 4 if max_dims > 4 else 1
    if code == SLICE:
        return 5 if max_dims > 4 else 1
    if code == TRANSPOSE:
        return 6 if max_dims > 5 else 4 if max_dims > 4 else 1
    return 1


def _scale(buf, tensor):
    """The first scale of a tensor's quantization table (Tensor field 4, its field 2), or 0."""
    q = buf.ref(tensor, 4)
    if q is None:
        return 0.0
    start, n = buf.vector(q, 2)
    return struct.unpack_from("<f", buf.data, start)[0] if n else 0.0


def check(path):
    """The list of operators whose stated version differs from TFLite's rules (empty: all
    agree), each as a readable line."""
    with open(path, "rb") as f:
        buf = _Buffer(f.read())
    model = buf.u32(0)
    codes = []
    for c in buf.tables(model, 1):  # Model.operator_codes
        deprecated = buf.scalar(c, 0, lambda at: struct.unpack_from("<b", buf.data, at)[0], 0)
        builtin = buf.scalar(c, 3, buf.i32, 0)
        codes.append((max(deprecated, builtin), buf.scalar(c, 2, buf.i32, 1)))
    problems = []
    for g, subgraph in enumerate(buf.tables(model, 2)):  # Model.subgraphs
        # Tensor.type, Tensor.shape, the first of QuantizationParameters.scale.
        tensors = [(buf.scalar(t, 1, buf.u8, 0), buf.ints(t, 0), _scale(buf, t))
                   for t in buf.tables(subgraph, 0)]
        for n, op in enumerate(buf.tables(subgraph, 3)):  # SubGraph.operators
            code, stated = codes[buf.scalar(op, 0, buf.u32, 0)]
            inputs = [tensors[i] if i >= 0 else None for i in buf.ints(op, 1)]
            outputs = [tensors[i] for i in buf.ints(op, 2)]
            want = expected_version(code, inputs, outputs, buf.ref(op, 4), buf)
            if stated != want:
                problems.append("subgraph %d operator %d (builtin %d): version %d, TFLite's "
                                "op_version rules give %d" % (g, n, code, stated, want))
    return problems
