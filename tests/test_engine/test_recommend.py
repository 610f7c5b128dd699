"""Which preset fits which machine, and the warning before a model that does not fit:
made-up hardware facts through the same seams the real probe uses."""

from __future__ import annotations

from engine.device import DeviceProbe
from engine.hardware import GIB, Gpu, HardwareFacts, HardwareProbe, probe_hardware
from engine.model_catalog import ModelStage, find
from engine.recommend import fit_problem, recommend


def facts(ram_gib=16, cores=8, vram_gib=None, offload=True):
    gpus = (Gpu("NVIDIA RTX 4070", 12 * GIB, int(vram_gib * GIB)),) if vram_gib is not None else ()
    return HardwareFacts(int(ram_gib * GIB) + GIB, int(ram_gib * GIB), cores,
                         cuda_devices=len(gpus), llama_gpu_offload=offload, gpus=gpus)


def test_a_gpu_with_room_gets_the_large_models_on_cuda():
    speech = recommend(ModelStage.TRANSCRIBE, facts(vram_gib=10))
    minutes = recommend(ModelStage.MINUTES, facts(vram_gib=10))
    assert (speech.preset.id, speech.device) == ("whisper-large-v3-turbo", "cuda")
    assert (minutes.preset.id, minutes.device) == ("qwen2.5-7b-instruct", "cuda")
    assert "10.0 GiB free" in minutes.reason


def test_a_small_gpu_gets_a_smaller_minutes_model():
    assert recommend(ModelStage.MINUTES, facts(vram_gib=4)).preset.id == "llama-3.2-3b-instruct"
    assert recommend(ModelStage.MINUTES, facts(vram_gib=2.2)).preset.id == "qwen2.5-1.5b-instruct"


def test_a_cpu_build_of_llama_cpp_keeps_minutes_on_the_cpu():
    rec = recommend(ModelStage.MINUTES, facts(ram_gib=6, cores=4, vram_gib=10, offload=False))
    assert (rec.preset.id, rec.device) == ("llama-3.2-3b-instruct", "cpu")
    assert recommend(ModelStage.TRANSCRIBE, facts(vram_gib=10, offload=False)).device == "cuda"


def test_cpu_only_machines_by_cores_and_ram():
    assert recommend(ModelStage.TRANSCRIBE, facts(16, 8)).preset.id == "whisper-large-v3-turbo"
    assert recommend(ModelStage.TRANSCRIBE, facts(8, 4)).preset.id == "whisper-small"
    assert recommend(ModelStage.TRANSCRIBE, facts(8, 2)).preset.id == "whisper-base"
    assert recommend(ModelStage.MINUTES, facts(16, 8)).preset.id == "qwen2.5-7b-instruct"
    assert recommend(ModelStage.MINUTES, facts(3, 2)).preset.id == "qwen2.5-1.5b-instruct"
    tiny = recommend(ModelStage.MINUTES, facts(1.5, 2))
    assert tiny.preset.id == "smollm2-135m-instruct" and "1.5 GiB" in tiny.reason


def test_a_model_that_does_not_fit_is_named_with_what_it_needs():
    seven = find("qwen2.5-7b-instruct")
    warning = fit_problem(ModelStage.MINUTES, seven.ram_gb, seven.vram_gb, facts(4, 4), name=seven.id)
    assert warning.startswith("qwen2.5-7b-instruct needs about 8 GB of RAM and 4.0 GiB")
    on_gpu = fit_problem(ModelStage.MINUTES, seven.ram_gb, seven.vram_gb, facts(32, 8, vram_gib=3),
                         name=seven.id)
    assert "6.5 GB of GPU memory" in on_gpu and "3.0 GiB free" in on_gpu
    assert fit_problem(ModelStage.MINUTES, seven.ram_gb, seven.vram_gb, facts(16, 8), name="x") is None


def test_the_probe_reads_its_injected_sources():
    gpu = Gpu("NVIDIA H100", 80 * GIB, 70 * GIB)
    probe = HardwareProbe(memory=lambda: (32 * GIB, 20 * GIB),
                          devices=DeviceProbe(cuda_devices=lambda: 1, llama_gpu_offload=lambda: True,
                                              cpu_count=lambda: 12),
                          named_gpus=lambda: (gpu,))
    found = probe_hardware(probe)
    assert (found.cores, found.free_vram_bytes, found.ram_available_bytes) == (12, 70 * GIB, 20 * GIB)
    assert any("NVIDIA H100: 70.0 GiB free of 80.0 GiB" in line for line in found.describe())
    no_gpu = probe_hardware(HardwareProbe(memory=lambda: (8 * GIB, 6 * GIB),
                                          devices=DeviceProbe(cuda_devices=lambda: 0,
                                                              cpu_count=lambda: 4),
                                          named_gpus=lambda: (gpu,)))
    assert no_gpu.gpus == () and "no CUDA GPU" in " ".join(no_gpu.describe())
