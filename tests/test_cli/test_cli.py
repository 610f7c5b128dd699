"""The `minutia` command as a user runs it: help, outputs, and every bad input."""

import ast
import json
import os
import re
import signal
import subprocess
import sys
import time

import numpy as np
import pytest
from audio_files import encode, read_wav, write_wav
from locations import SAMPLE, SAMPLE_SCRIPT
from real_models import heard, normalise, script_words, wer

import cli


def minutia(*args, timeout=300, **kw):
    return subprocess.run([sys.executable, "-m", "cli", *map(str, args)], capture_output=True,
                          text=True, timeout=timeout, **kw)


@pytest.fixture(scope="module")
def clip(tmp_path_factory):
    """The first 11 s of the sample meeting (two speakers)."""
    samples, _ = read_wav(SAMPLE)
    return write_wav(tmp_path_factory.mktemp("clip") / "clip.wav", samples[: 16000 * 11])


def assert_one_line_error(result, fragment):
    assert result.returncode == 2, result.stderr
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert lines[-1].startswith("minutia: error:") and fragment in lines[-1], result.stderr
    assert "Traceback" not in result.stderr


def test_help_lists_the_commands():
    result = minutia("--help")
    assert result.returncode == 0
    for command in ("minutes", "transcribe", "info"):
        assert command in result.stdout
    sub = minutia("minutes", "--help")
    assert "--temperature" in sub.stdout and "--transcript" in sub.stdout


def test_info_says_what_was_chosen_and_why():
    # What the two libraries see on this machine, asked directly: the same assertions hold
    # on a laptop without a GPU and on a CUDA box.
    import ctranslate2
    import llama_cpp
    gpus = ctranslate2.get_cuda_device_count()
    offload = bool(llama_cpp.llama_supports_gpu_offload())
    speech = "CUDA" if gpus else "CPU"
    minutes = "CUDA" if gpus and offload else "CPU"
    label = speech if speech == minutes else f"{speech} (speech) + {minutes} (minutes)"
    result = minutia("info")
    assert result.returncode == 0, result.stderr
    assert f"Devices: {label}, " in result.stdout
    if gpus:
        assert f"speech on CUDA (float16): CTranslate2 sees {gpus} GPU(s)" in result.stdout
    else:
        assert "speech on CPU (int8, " in result.stdout and "sees no CUDA GPU" in result.stdout
    assert f"minutes on {minutes}" in result.stdout
    if gpus and not offload:
        assert "has no GPU offload;" in result.stdout  # and how to get it (wrapped at 80)
    assert "whisper-base" in result.stdout and "SmolLM2-135M-Instruct" in result.stdout


@pytest.mark.e2e
def test_transcribe_an_m4a_with_an_odd_name_to_srt(tmp_path):
    samples, _ = read_wav(SAMPLE)
    odd = encode(tmp_path / "Réunion d’équipe – 東京 #1.m4a", samples[: 16000 * 26], codec="aac")
    out = tmp_path / "out folder" / "résultat.srt"
    out.parent.mkdir()
    result = minutia("transcribe", odd, "--format", "srt", "-o", out)
    assert result.returncode == 0, result.stderr
    srt = out.read_text()
    assert srt.startswith("1\n00:00:0")
    assert "\nSpeaker 1: " in srt  # speakers are on by default: each cue says who spoke
    reference = "\n".join(SAMPLE_SCRIPT.read_text().splitlines()[:5])
    heard = " ".join(re.sub(r"^Speaker \d+: ", "", ln) for ln in srt.splitlines()
                     if ln and not ln[0].isdigit())
    assert wer(script_words(reference), heard) < 0.15


@pytest.mark.e2e
def test_transcribe_json_to_stdout_round_trips(clip):
    result = minutia("transcribe", clip, "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["language"] == "en" and heard("garden website", data["segments"][0]["text"])
    assert data["segments"][0]["words"][0]["probability"] > 0


@pytest.mark.parametrize("args,fragment", [
    (("minutes", "/no/such/meeting.wav"), "No such file"),
    (("minutes", "/tmp"), "is a folder"),
    (("transcribe", "{empty}"), "is empty"),
    (("transcribe", "{text_mp3}"), "not an audio or video file"),
    (("transcribe", "{cut_wav}"), "not an audio or video file"),
    (("minutes", "{clip}", "-o", "/no/such/folder/minutes.md"), "does not exist"),
    (("minutes", "{clip}", "-o", "{tmp}"), "it is a folder"),
    (("minutes", "{clip}", "--llm-model", "{text_gguf}"), "is not a GGUF model file"),
    (("minutes", "{clip}", "--whisper-model", "{tmp}"), "not a faster-whisper model folder"),
    (("minutes",), "Give either an audio FILE or --transcript"),
    (("minutes", "--transcript", "{text_mp3}"), "not a Minutia transcript"),
    (("minutes", "{clip}", "--template", "nonsense"), "No minutes template 'nonsense'"),
])
def test_bad_input_is_one_clear_line_and_exit_2(tmp_path, clip, args, fragment):
    files = {"empty": tmp_path / "empty.wav", "text_mp3": tmp_path / "notes.mp3",
             "cut_wav": tmp_path / "cut.wav", "text_gguf": tmp_path / "model.gguf",
             "clip": clip, "tmp": tmp_path}
    files["empty"].write_bytes(b"")
    files["text_mp3"].write_text("meeting notes, not audio\n" * 40)
    files["cut_wav"].write_bytes(SAMPLE.read_bytes()[:40])
    files["text_gguf"].write_text("not a model")
    result = minutia(*(a.format(**files) for a in args))
    assert_one_line_error(result, fragment)


def test_unknown_format_is_a_usage_error():
    result = minutia("transcribe", SAMPLE, "--format", "docx")
    assert result.returncode == 2 and "invalid choice: 'docx'" in result.stderr


@pytest.mark.e2e
def test_silence_says_no_speech_and_invents_nothing(tmp_path):
    silent = write_wav(tmp_path / "quiet room.wav", np.zeros(16000 * 4, dtype=np.float32))
    result = minutia("minutes", silent, "-o", tmp_path / "m.md")
    assert_one_line_error(result, "No speech found in quiet room.wav")
    assert result.stdout == "" and not (tmp_path / "m.md").exists()


@pytest.mark.e2e
def test_a_gguf_that_will_not_load_keeps_the_transcript(tmp_path, clip):
    broken = tmp_path / "broken.gguf"
    broken.write_bytes(b"GGUF" + os.urandom(4096))
    home = tmp_path / "home"
    result = minutia("minutes", clip, "--llm-model", broken, env={**os.environ, "MINUTIA_HOME": str(home)})
    assert_one_line_error(result, "did not load")
    [session] = (home / "data" / "sessions").iterdir()
    assert heard("garden website", (session / "transcript.txt").read_text())
    manifest = json.loads((session / "manifest.json").read_text())
    assert manifest["status"] == "failed" and "did not load" in manifest["error"]


@pytest.mark.e2e
def test_minutes_to_file_and_again_from_the_saved_transcript(tmp_path, clip):
    home = tmp_path / "home"
    env = {**os.environ, "MINUTIA_HOME": str(home)}
    out = tmp_path / "minutes.md"
    first = minutia("minutes", clip, "-o", out, "--temperature", "0", env=env)
    assert first.returncode == 0, first.stderr
    assert out.read_text() == first.stdout  # streamed to the terminal, saved to -o
    assert "## Action items" in first.stdout
    [session] = (home / "data" / "sessions").iterdir()
    again = minutia("minutes", "--transcript", session / "transcript.json", "--temperature", "0",
                    env=env)
    assert again.returncode == 0, again.stderr
    assert again.stdout.split("\n", 1)[1] == first.stdout.split("\n", 1)[1]  # same but the title
    # The sampling flags reach the sampler: top-k 1 leaves only the most likely token, so a
    # hot temperature writes what temperature 0 writes; without the cuts it writes otherwise.
    # Compared on the model's tokens (the Lens file): the Summary shown may be composed from
    # the transcript when the model's draft does not hold up, whatever the sampling.
    def tokens(*extra) -> list[str]:
        lens = tmp_path / f"lens-{len(list(tmp_path.glob('lens-*')))}.jsonl"
        done = minutia("minutes", "--transcript", session / "transcript.json", *extra,
                       "--lens", lens, env=env)
        assert done.returncode == 0, done.stderr
        return [json.loads(line)["token"] for line in lens.read_text().splitlines()]

    coldest = tokens("--temperature", "0")
    hot = ("--temperature", "1.5")
    assert tokens(*hot, "--top-k", "1") == coldest
    assert tokens(*hot, "--top-k", "0", "--top-p", "1", "--min-p", "0", "--seed", "3") != coldest
    args = ("minutes", "--transcript", session / "transcript.json", *hot)
    settings = [json.loads((s / "manifest.json").read_text())["settings"]
                for s in (home / "data" / "sessions").iterdir()]
    assert {"temperature": 1.5, "top_k": 0, "top_p": 1.0, "min_p": 0.0, "seed": 3} in [
        {k: m[k] for k in ("temperature", "top_k", "top_p", "min_p", "seed")} for m in settings]
    bad = minutia(*args, "--top-p", "1.5", env=env)
    assert bad.returncode == 2 and "--top-p: 1.5 is not between 0 and 1" in bad.stderr


def test_lens_file_then_a_fork_from_the_saved_transcript(tmp_path, clip):
    env = {**os.environ, "MINUTIA_HOME": str(tmp_path / "home")}
    lens = tmp_path / "lens.jsonl"
    first = minutia("minutes", clip, "--temperature", "0", "--lens", lens, "--lens-top", "3", env=env)
    assert first.returncode == 0, first.stderr
    rows = [json.loads(line) for line in lens.read_text().splitlines()]
    assert len(rows) > 5 and [r["i"] for r in rows] == list(range(len(rows)))
    assert all(r["id"] == r["top"][0]["id"] and len(r["top"]) == 3 for r in rows)  # temperature 0
    summary = first.stdout.split("## Summary\n\n", 1)[1].split("\n\n## ", 1)[0]
    summary = summary.split("(not the Summary):_\n\n")[-1]  # a composed Summary: the draft
    written = re.sub(r" \[[\d:, ]+\]( ⚠ unverified \(\d+\))?| ⚠ unverified \(\d+\)", "", summary)
    assert "".join(r["token"] for r in rows).strip() == written.strip()  # less our citations
    [session] = (tmp_path / "home" / "data" / "sessions").iterdir()
    at, other = 3, rows[3]["top"][1]["id"]
    forked = tmp_path / "fork.jsonl"
    fork = minutia("minutes", "--transcript", session / "transcript.json", "--temperature", "0",
                   "--lens", forked, "--fork-at", at, "--fork-token", other, env=env)
    assert fork.returncode == 0, fork.stderr
    fork_rows = [json.loads(line) for line in forked.read_text().splitlines()]
    assert [r["id"] for r in fork_rows[:at]] == [r["id"] for r in rows[:at]]
    assert fork_rows[at]["id"] == other and fork_rows[at]["forced"]
    assert_one_line_error(minutia("minutes", clip, "--fork-at", "3", env=env), "--fork-token")


def test_tokens_prints_the_table_and_the_count(tmp_path):
    text = tmp_path / "said.txt"
    text.write_text("The coconut invoice is due on Friday.", encoding="utf-8")
    result = minutia("tokens", "--file", text)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    rows = [line.split(None, 2) for line in lines[1:-1]]
    assert "".join(ast.literal_eval(piece) for _, _, piece in rows) == text.read_text()
    assert lines[-1].startswith(f"{len(rows)} tokens, 37 characters")
    assert_one_line_error(minutia("tokens"), "TEXT or --file")


@pytest.mark.e2e
def test_ctrl_c_cancels_cleanly_and_keeps_the_transcript(tmp_path):
    home = tmp_path / "home"
    proc = subprocess.Popen([sys.executable, "-m", "cli", "minutes", str(SAMPLE)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "MINUTIA_HOME": str(home), "COLUMNS": "200"})
    sessions = home / "data" / "sessions"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:  # wait for the transcript to be saved, then interrupt
        if list(sessions.glob("*/transcript.json")):
            break
        time.sleep(0.1)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "Cancelled." in err and "Traceback" not in err
    [session] = sessions.iterdir()
    assert "good morning everyone" in normalise((session / "transcript.txt").read_text())
    assert json.loads((session / "manifest.json").read_text())["status"] == "cancelled"


def test_an_internal_error_exits_1_and_points_to_the_log(monkeypatch, capsys, tmp_path, clip):
    class Exploding:
        name = "exploding"

        def load(self):
            raise RuntimeError("boom in a backend")

    monkeypatch.setattr("engine.backends.make_transcriber", lambda config, plan, consent=None: Exploding())
    assert cli.main(["transcribe", str(clip)]) == 1
    err = capsys.readouterr().err
    assert "internal error; details in" in err
    log_file = err.split("details in")[1].strip()
    assert "RuntimeError: boom in a backend" in open(log_file).read()
