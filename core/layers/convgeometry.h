#pragma once

#include <algorithm>
#include <string>

#include "core/schema/paramspec.h"
#include "core/util/error.h"
#include "core/util/tensor.h"

namespace byom {

/// Largest activation one sample may have (values), checked before any buffer is sized.
inline constexpr Index kMaxSampleValues = 100'000'000;

/// The sliding-window arithmetic shared by the 1-D convolutions and poolings, as Keras/TF
/// compute it:
///   span      = (kernel - 1) * dilation + 1
///   valid:    out = (length - span) / stride + 1, no padding (span must fit in length)
///   same:     out = ceil(length / stride),
///             padTotal = max((out - 1) * stride + span - length, 0), padLeft = padTotal / 2
/// Output position o reads input positions o * stride - padLeft + j * dilation, j < kernel;
/// positions outside [0, length) are padding.
struct ConvGeometry {
    Index length = 0;
    Index kernel = 1;
    Index stride = 1;
    Index dilation = 1;
    bool same = false;
    Index outLength = 0;
    Index padLeft = 0;

    /// Throws Error with a readable reason when the window does not fit. `kernelName` is the
    /// user's parameter name ("kernel_size" or "pool_size").
    static ConvGeometry make(Index length, Index kernel, Index stride, Index dilation,
                             const std::string& padding, const std::string& kernelName) {
        ConvGeometry g;
        g.length = length;
        g.kernel = kernel;
        g.stride = stride;
        g.dilation = dilation;
        g.same = padding == "same";
        if (padding != "same" && padding != "valid")
            throw Error("padding must be \"valid\" or \"same\", got \"" + padding + "\"");
        if (length < 1) throw Error("the input length must be at least 1");
        if (stride > 1 && dilation > 1)
            throw Error("strides " + std::to_string(stride) + " together with dilation_rate " +
                        std::to_string(dilation) +
                        " is not supported (Keras refuses it too); use one of them");
        const Index span = (kernel - 1) * dilation + 1;
        if (g.same) {
            g.outLength = (length + stride - 1) / stride;
            const Index padTotal = std::max<Index>((g.outLength - 1) * stride + span - length, 0);
            g.padLeft = padTotal / 2;
        } else {
            if (span > length) {
                std::string what = kernelName + " " + std::to_string(kernel);
                if (dilation > 1)
                    what += " with dilation_rate " + std::to_string(dilation) + " spans " +
                            std::to_string(span) + " steps and";
                throw Error(what + " is longer than the input length " + std::to_string(length) +
                            " with padding valid; use padding same or a smaller " + kernelName);
            }
            g.outLength = (length - span) / stride + 1;
        }
        return g;
    }

    /// Input position read by output position `o` at tap `j` (may be outside [0, length)).
    Index inputPos(Index o, Index j) const { return o * stride - padLeft + j * dilation; }

    /// At stride 1: output positions [first, last) whose tap j reads inside the input, and the
    /// shift from an output position to the input position it reads there.
    void tapRange(Index j, Index& first, Index& last, Index& shift) const {
        shift = j * dilation - padLeft;
        first = std::max<Index>(0, -shift);
        last = std::min<Index>(outLength, length - shift);
    }
};

/// Throws when a (length, channels) layer input is not rank 2.
inline void requireSequence(const Shape& in, const std::string& kind) {
    if (in.rank() != 2)
        throw Error(kind + " needs a (length, channels) input, got " + in.toString() +
                    "; insert a reshape before it (e.g. target_shape [" +
                    std::to_string(in.size()) + ", 1])");
}

/// The kernel_rows parameter of conv1d and depthwise_conv1d (HeartKit's 2-D windows).
inline ParamSpec kernelRowsParam() {
    return intParam("kernel_rows", 1, 1, 64,
                    "Rows of a 2-D kernel on HeartKit's (1, length, channels) tensors, where an "
                    "int kernel k is a k x k window: the rows are counted as Keras counts "
                    "them, but only the middle row, (rows - 1) / 2, meets the signal (padding "
                    "same); the others never change the output. 1: a plain 1-D kernel.");
}

/// Throws unless `rows` kernel rows can run over a one-row signal: more than one row needs
/// padding same (Keras's valid padding leaves no output row).
inline void requireKernelRows(Index rows, const ConvGeometry& g, const std::string& kind) {
    if (rows > 1 && !g.same)
        throw Error(kind + ": kernel_rows " + std::to_string(rows) +
                    " needs padding same (a one-row signal has no valid window of " +
                    std::to_string(rows) + " rows)");
}

/// Throws when one sample's output would be absurdly large (before any allocation).
inline void requireSampleSize(Index length, Index channels) {
    if (length > kMaxSampleValues / std::max<Index>(channels, 1))
        throw Error("the output (" + std::to_string(length) + ", " + std::to_string(channels) +
                    ") would exceed " + std::to_string(kMaxSampleValues) +
                    " values per sample; make the layer smaller");
}

}  // namespace byom
