"""The operator versions a float32 .tflite file must carry, by TFLite's own rules
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
CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED = 3, 4, 9
PAD, TRANSPOSE, SUB, DIV, MAXIMUM, MINIMUM, SLICE = 34, 39, 41, 42, 55, 57, 65
FLOAT32 = 0


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


def expected_version(code, inputs, options, buf):
    """TFLite's version of a float32 operator; `inputs` are (type, dims) of its input tensors
    (None for an omitted optional input), `options` the position of its options table."""
    first_type = inputs[0][0] if inputs and inputs[0] else FLOAT32
    if first_type != FLOAT32:
        raise ValueError("only float32 graphs are checked, input type %d" % first_type)
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
        tensors = [(buf.scalar(t, 1, buf.u8, 0), buf.ints(t, 0))
                   for t in buf.tables(subgraph, 0)]  # Tensor.type, Tensor.shape
        for n, op in enumerate(buf.tables(subgraph, 3)):  # SubGraph.operators
            code, stated = codes[buf.scalar(op, 0, buf.u32, 0)]
            inputs = [tensors[i] if i >= 0 else None for i in buf.ints(op, 1)]
            want = expected_version(code, inputs, buf.ref(op, 4), buf)
            if stated != want:
                problems.append("subgraph %d operator %d (builtin %d): version %d, TFLite's "
                                "op_version rules give %d" % (g, n, code, stated, want))
    return problems
