#!/usr/bin/env python3
"""Runs a .tflite file in Arm NN (Debian's python3-pyarmnn, its TfLiteParser and the CpuRef
backend) on every row of an input .npy, one sample at a time, and writes the outputs as a
float32 .npy (one row per sample). A file with an int8 input (`byom export --int8-io`) takes the
rows' values as int8 (they must be integers in [-128, 127]); an int8 output is written as its
integer values.

usage: run-tflite.py MODEL.tflite X.npy Y.npy

First the operators' versions are checked against TFLite's rules (tflite_versions.py): a
version that differs is a failure (exit 1), whether or not Arm NN can run the file.

Exit status: 0 when it ran; 3 when Arm NN refuses to load the file (its message, naming the
operator, is printed on stderr as "armnn refused: ..."); 1 on any other failure.
"""
import contextlib
import io
import sys

import numpy as np

import tflite_versions


def main():
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    model, x_path, y_path = sys.argv[1:]
    problems = tflite_versions.check(model)
    if problems:
        print("operator versions differ from TFLite's:\n" + "\n".join(problems), file=sys.stderr)
        return 1
    # pyarmnn prints a line for every parser this build lacks (Caffe, ONNX, TF) on import.
    with contextlib.redirect_stdout(io.StringIO()):
        import pyarmnn as ann

    parser = ann.ITfLiteParser()
    try:
        network = parser.CreateNetworkFromBinaryFile(model)
    except Exception as e:  # Arm NN's ParseException: an operator it cannot parse
        print("armnn refused: " + str(e).strip(), file=sys.stderr)
        return 3
    inputs = parser.GetSubgraphInputTensorNames(0)
    outputs = parser.GetSubgraphOutputTensorNames(0)
    if len(inputs) != 1 or len(outputs) != 1:
        print("expected one input and one output, got %d and %d" % (len(inputs), len(outputs)),
              file=sys.stderr)
        return 1
    in_info = parser.GetNetworkInputBindingInfo(0, inputs[0])
    out_info = parser.GetNetworkOutputBindingInfo(0, outputs[0])
    runtime = ann.IRuntime(ann.CreationOptions())
    try:
        optimized, _ = ann.Optimize(network, [ann.BackendId("CpuRef")], runtime.GetDeviceSpec(),
                                    ann.OptimizerOptions())
    except Exception as e:  # a layer the CpuRef backend does not support
        print("armnn refused: " + str(e).strip(), file=sys.stderr)
        return 3
    net_id, _ = runtime.LoadNetwork(optimized)

    x = np.load(x_path)
    if in_info[1].GetDataType() == ann.DataType_QAsymmS8:
        if not np.array_equal(x, np.round(x)) or x.min() < -128 or x.max() > 127:
            print("the model's input is int8: give integers in [-128, 127]", file=sys.stderr)
            return 1
        x = x.astype(np.int8)
    else:
        x = x.astype(np.float32)
    rows = []
    for sample in x:
        in_tensors = ann.make_input_tensors([in_info], [np.ascontiguousarray(sample[None, ...])])
        out_tensors = ann.make_output_tensors([out_info])
        runtime.EnqueueWorkload(net_id, in_tensors, out_tensors)
        y = ann.workload_tensors_to_ndarray(out_tensors)[0]
        rows.append(np.asarray(y, dtype=np.float32).reshape(-1))
    np.save(y_path, np.stack(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
