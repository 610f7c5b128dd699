"""Read the tensors of a torch zip checkpoint into numpy arrays, without torch.

A file written by ``torch.save`` (or a TorchScript archive from ``torch.jit.save``) is a
zip: ``<prefix>/data.pkl`` is a pickle whose tensors refer, through pickle's persistent
ids, to raw little-endian storages stored as ``<prefix>/data/<key>`` (a TorchScript
archive keeps its frozen constants in ``constants.pkl`` and ``constants/<key>``).

The unpickler below resolves only an allow-list of globals (torch's tensor rebuild
functions, its storage types, ``collections.OrderedDict``); anything else in the pickle
raises ``ModelError`` instead of running, the same guarantee as torch's
``weights_only=True``. TorchScript module objects (``__torch__.*``) become plain attribute
holders.
"""

from __future__ import annotations

import collections
import pickle
import zipfile
from pathlib import Path
from typing import Any

import numpy as np

from engine.errors import ModelError

_STORAGE_DTYPES = {
    "FloatStorage": np.float32,
    "DoubleStorage": np.float64,
    "HalfStorage": np.float16,
    "LongStorage": np.int64,
    "IntStorage": np.int32,
    "ShortStorage": np.int16,
    "CharStorage": np.int8,
    "ByteStorage": np.uint8,
    "BoolStorage": np.bool_,
}


class _StorageType:
    """Stands in for ``torch.FloatStorage`` and friends: only its numpy dtype matters."""

    def __init__(self, name: str):
        self.dtype = np.dtype(_STORAGE_DTYPES[name])


class ScriptObject:
    """A TorchScript module from ``data.pkl``: its pickled state as attributes."""

    def __setstate__(self, state: Any) -> None:
        if isinstance(state, dict):
            self.__dict__.update(state)
        else:
            self.state = state


def _rebuild_tensor(storage: np.ndarray, offset: int, size: tuple, stride: tuple,
                    *_ignored: Any) -> np.ndarray:
    # torch._utils._rebuild_tensor_v2(storage, storage_offset, size, stride,
    # requires_grad, backward_hooks, metadata=None): a strided view, copied so that the
    # result owns contiguous memory and the zip's buffer can go.
    if not size:
        return np.array(storage[offset])
    if 0 in size:
        return np.empty(tuple(size), dtype=storage.dtype)
    if len(size) != len(stride):
        raise ModelError("A tensor in the checkpoint has a malformed shape: the file is damaged")
    item = storage.itemsize
    end = offset + 1 + sum((n - 1) * s for n, s in zip(size, stride, strict=True))
    if end > storage.size or min(size) < 0 or min(stride) < 0:
        raise ModelError("A tensor in the checkpoint points outside its storage: the file is damaged")
    view = np.lib.stride_tricks.as_strided(storage[offset:], shape=tuple(size),
                                           strides=tuple(s * item for s in stride))
    return np.ascontiguousarray(view)


def _rebuild_parameter(data: np.ndarray, *_ignored: Any) -> np.ndarray:
    return data


_ALLOWED = {
    ("torch._utils", "_rebuild_tensor_v2"): _rebuild_tensor,
    ("torch._utils", "_rebuild_tensor"): _rebuild_tensor,
    ("torch._utils", "_rebuild_parameter"): _rebuild_parameter,
    ("collections", "OrderedDict"): collections.OrderedDict,
}


class _Unpickler(pickle.Unpickler):
    def __init__(self, file: Any, archive: zipfile.ZipFile, storage_dir: str):
        super().__init__(file)
        self._archive = archive
        self._storage_dir = storage_dir
        self._storages: dict[str, np.ndarray] = {}

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in _ALLOWED:
            return _ALLOWED[(module, name)]
        if module == "torch" and name in _STORAGE_DTYPES:
            return _StorageType(name)
        if module.startswith("__torch__"):
            return ScriptObject
        raise ModelError(f"The checkpoint asks for {module}.{name}, which a weights file"
                         " never needs: refusing to load it")

    def persistent_load(self, pid: Any) -> np.ndarray:
        # ('storage', storage_type, key, location, numel)
        if not (isinstance(pid, tuple) and len(pid) >= 5 and pid[0] == "storage"):
            raise ModelError(f"Unknown persistent id in the checkpoint: {pid!r:.80}")
        storage_type, key, numel = pid[1], str(pid[2]), int(pid[4])
        if not isinstance(storage_type, _StorageType):
            raise ModelError(f"Unsupported tensor storage type in the checkpoint: {storage_type!r}")
        if key not in self._storages:
            raw = self._archive.read(f"{self._storage_dir}/{key}")
            array = np.frombuffer(raw, dtype=storage_type.dtype.newbyteorder("<"), count=numel)
            self._storages[key] = array.astype(storage_type.dtype, copy=False)
        return self._storages[key]


def load_pickle(path: Path, member: str = "data.pkl") -> Any:
    """Unpickle one member of a torch zip checkpoint, its tensors as numpy arrays.

    Args:
        path: the ``.pt``/``.pth``/``.bin`` zip file.
        member: ``data.pkl`` (a state dict or module) or, in a TorchScript archive,
            ``constants.pkl`` (its frozen constants, a tuple of tensors).

    Returns:
        The unpickled object: dicts, tuples and lists of ``np.ndarray`` in place of tensors.

    Raises:
        ModelError: the file is missing, is not a torch zip checkpoint, is big-endian,
            or asks for code outside the allow-list.
    """
    path = Path(path)
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise ModelError(f"Cannot read the model checkpoint {path}: {exc}") from exc
    with archive:
        names = archive.namelist()
        found = [n for n in names if n.endswith("/" + member) and n.count("/") == 1]
        if not found:
            raise ModelError(f"{path} is not a torch checkpoint (no {member} inside)")
        prefix = found[0].split("/")[0]
        order = f"{prefix}/byteorder"
        if order in names and archive.read(order).strip() != b"little":
            raise ModelError(f"{path} stores big-endian tensors, which this reader does not read")
        storage_dir = f"{prefix}/{member.removesuffix('.pkl')}"
        with archive.open(found[0]) as file:
            try:
                return _Unpickler(file, archive, storage_dir).load()
            except (pickle.UnpicklingError, KeyError, EOFError, ValueError) as exc:
                raise ModelError(f"The model checkpoint {path} is damaged: {exc}") from exc


def load_state_dict(path: Path) -> dict[str, np.ndarray]:
    """The ``name -> array`` mapping of a checkpoint saved with ``torch.save(state_dict)``.

    Raises:
        ModelError: as ``load_pickle``, or the file holds something other than a state dict.
    """
    state = load_pickle(path)
    if not isinstance(state, dict) or not all(isinstance(v, np.ndarray) for v in state.values()):
        raise ModelError(f"{path} does not hold a state dict of tensors")
    return dict(state)
