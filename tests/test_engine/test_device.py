"""Device choice with the machine's offer faked at the probe boundary (the CUDA path)."""

import pytest

from engine import backends
from engine.config import EngineConfig
from engine.device import DeviceProbe, plan_devices
from engine.errors import DeviceError


def probe(gpus=0, offload=False, cores=2):
    return DeviceProbe(cuda_devices=lambda: gpus, llama_gpu_offload=lambda: offload,
                       cpu_count=lambda: cores)


def test_auto_without_gpu_is_cpu_int8_with_every_core():
    plan = plan_devices("auto", probe=probe(cores=6))
    assert (plan.whisper_device, plan.whisper_compute_type, plan.llm_gpu_layers, plan.threads) == \
        ("cpu", "int8", 0, 6)
    assert plan.label == "CPU" and "sees no CUDA GPU" in plan.reasons[0]


def test_auto_with_gpu_and_cuda_llama_offloads_everything():
    plan = plan_devices("auto", probe=probe(gpus=1, offload=True))
    assert (plan.whisper_device, plan.whisper_compute_type, plan.llm_gpu_layers) == \
        ("cuda", "float16", -1)
    assert plan.label == "CUDA"


def test_gpu_with_a_cpu_only_llama_build_says_how_to_fix_it():
    plan = plan_devices("auto", probe=probe(gpus=1, offload=False))
    assert plan.label == "CUDA (speech) + CPU (minutes)"
    assert any("GGML_CUDA=on" in r for r in plan.reasons)


def test_cuda_requested_without_gpu_is_a_clear_error():
    with pytest.raises(DeviceError, match="no CUDA GPU"):
        plan_devices("cuda", probe=probe())


def test_cpu_requested_ignores_the_gpu_and_explicit_threads_win():
    plan = plan_devices("cpu", threads=3, probe=probe(gpus=2, offload=True))
    assert (plan.whisper_device, plan.llm_gpu_layers, plan.threads) == ("cpu", 0, 3)


def test_the_plan_reaches_the_backends_load_arguments():
    config = EngineConfig(device="auto")
    plan = backends.make_device_plan(config, probe(gpus=1, offload=True, cores=4))
    whisper = backends.make_transcriber(config, plan).load_kwargs()
    llama = backends.make_chat_model(config, plan).load_kwargs(4096)
    assert whisper["device"] == "cuda" and whisper["compute_type"] == "float16"
    assert whisper["local_files_only"] is True
    assert llama["n_gpu_layers"] == -1 and llama["n_threads"] == 4 and llama["n_threads_batch"] == 4
    cpu = backends.make_device_plan(config, probe(cores=2))
    assert backends.make_transcriber(config, cpu).load_kwargs()["cpu_threads"] == 2
