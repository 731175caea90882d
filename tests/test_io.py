"""Tests for skser.io: every format and rate libsndfile reads, and every bad-file case."""

import hashlib
import re

import numpy as np
import pytest
import soundfile as sf

from skser.exceptions import AudioFileError, AudioLoadError, InvalidAudioError, SkserError
from skser.io import AUDIO_EXTENSIONS, audio_info, load_audio


def _tone(freq, sr, duration=1.0, amplitude=0.5, channels=1):
    t = np.arange(int(round(duration * sr))) / sr
    y = amplitude * np.sin(2 * np.pi * freq * t)
    if channels > 1:
        y = np.stack([y] * channels, axis=1)
    return y


def _peak_hz(y, sr):
    spectrum = np.abs(np.fft.rfft(y * np.hanning(len(y))))
    return np.argmax(spectrum) * sr / len(y)


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


FORMATS = [
    ("wav", "WAV", "PCM_U8"),
    ("wav", "WAV", "PCM_16"),
    ("wav", "WAV", "PCM_24"),
    ("wav", "WAV", "PCM_32"),
    ("wav", "WAV", "FLOAT"),
    ("wav", "WAV", "DOUBLE"),
    ("flac", "FLAC", "PCM_16"),
    ("flac", "FLAC", "PCM_24"),
    ("ogg", "OGG", "VORBIS"),
    ("aiff", "AIFF", "PCM_16"),
    ("mp3", "MP3", "MPEG_LAYER_III"),
]


@pytest.mark.parametrize("ext, fmt, subtype", FORMATS, ids=lambda v: str(v))
def test_every_format_loads_as_float32_tone(tmp_path, ext, fmt, subtype):
    if fmt not in sf.available_formats() or subtype not in sf.available_subtypes(fmt):
        pytest.skip(f"libsndfile {sf.__libsndfile_version__} cannot write {fmt}/{subtype}")
    path = tmp_path / f"tone.{ext}"
    sf.write(path, _tone(440, 16000), 16000, format=fmt, subtype=subtype)
    digest = _digest(path)
    y = load_audio(path)
    assert y.dtype == np.float32 and y.ndim == 1
    # lossy codecs pad or trim a few ms at the edges
    tolerance = 0 if fmt in ("WAV", "FLAC", "AIFF") else 2000
    assert abs(len(y) - 16000) <= tolerance
    assert np.all(np.isfinite(y)) and np.max(np.abs(y)) <= 1.0
    assert _peak_hz(y, 16000) == pytest.approx(440, abs=3)
    assert _digest(path) == digest  # opened read-only, never rewritten
    assert ext in {e.lstrip(".") for e in AUDIO_EXTENSIONS}


@pytest.mark.parametrize("native_sr", [8000, 22050, 44100, 48000])
@pytest.mark.parametrize("subtype", ["PCM_16", "FLOAT"])
def test_resampled_to_16k_keeps_length_and_pitch(tmp_path, native_sr, subtype):
    path = tmp_path / f"tone_{native_sr}.wav"
    sf.write(path, _tone(1000, native_sr, duration=1.5), native_sr, subtype=subtype)
    y = load_audio(path, sr=16000)
    assert y.dtype == np.float32
    assert abs(len(y) - 24000) <= 1
    assert _peak_hz(y, 16000) == pytest.approx(1000, abs=2)
    # soxr HQ keeps the amplitude of an in-band tone
    assert np.max(np.abs(y[1000:-1000])) == pytest.approx(0.5, abs=0.01)


def test_sr_none_keeps_native_rate(tmp_path):
    path = tmp_path / "tone.flac"
    sf.write(path, _tone(440, 22050), 22050)
    assert len(load_audio(path, sr=None)) == 22050


def test_stereo_is_averaged_to_mono(tmp_path):
    sr = 16000
    left = _tone(300, sr, amplitude=0.4)
    right = _tone(2000, sr, amplitude=0.2)
    path = tmp_path / "stereo.wav"
    sf.write(path, np.stack([left, right], axis=1), sr, subtype="FLOAT")
    y = load_audio(path)
    assert y.shape == (sr,)
    np.testing.assert_allclose(y, (left + right) / 2, atol=1e-6)
    both = load_audio(path, mono=False)
    assert both.shape == (2, sr) and both.dtype == np.float32
    np.testing.assert_allclose(both[1], right, atol=1e-6)


def test_stereo_resampled_without_mixing(tmp_path):
    path = tmp_path / "stereo48k.wav"
    sf.write(path, _tone(500, 48000, channels=2), 48000)
    y = load_audio(path, sr=16000, mono=False)
    assert y.shape == (2, 16000)


def test_format_detected_from_content_not_extension(tmp_path):
    path = tmp_path / "really_aiff.wav"
    sf.write(path, _tone(440, 16000), 16000, format="AIFF", subtype="PCM_16")
    assert audio_info(path).format == "AIFF"
    y = load_audio(path)
    assert len(y) == 16000
    assert _peak_hz(y, 16000) == pytest.approx(440, abs=3)


def test_offset_and_duration(tmp_path):
    sr = 8000
    ramp = np.linspace(-0.9, 0.9, 2 * sr)
    path = tmp_path / "ramp.wav"
    sf.write(path, ramp, sr, subtype="FLOAT")
    y = load_audio(path, sr=None, offset=0.5, duration=0.25)
    np.testing.assert_allclose(y, ramp[4000:6000], atol=1e-6)
    assert len(load_audio(path, sr=16000, offset=1.0)) == 16000
    with pytest.raises(AudioLoadError, match="ramp.wav.*past the end"):
        load_audio(path, offset=3.0)
    with pytest.raises(ValueError, match="offset"):
        load_audio(path, offset=-1)
    with pytest.raises(ValueError, match="duration"):
        load_audio(path, duration=0)
    with pytest.raises(ValueError, match="sr"):
        load_audio(path, sr=0)


def test_audio_info(tmp_path):
    path = tmp_path / "info.flac"
    sf.write(path, _tone(440, 22050, duration=2.0, channels=2), 22050, subtype="PCM_24")
    info = audio_info(path)
    assert (info.samplerate, info.channels, info.frames) == (22050, 2, 44100)
    assert info.duration == pytest.approx(2.0)
    assert (info.format, info.subtype) == ("FLAC", "PCM_24")


# --------------------------------------------------------------------------- broken files


def _write_missing(tmp_path):
    return tmp_path / "missing.wav"


def _write_text(tmp_path):
    path = tmp_path / "notes.wav"
    path.write_text("this is not audio\n" * 20)
    return path


def _write_truncated(tmp_path):
    good = tmp_path / "good.wav"
    sf.write(good, _tone(440, 16000), 16000)
    path = tmp_path / "truncated.wav"
    path.write_bytes(good.read_bytes()[:20])  # RIFF header cut inside the fmt chunk
    return path


def _write_truncated_data(tmp_path):
    good = tmp_path / "good.wav"
    sf.write(good, _tone(440, 16000), 16000)
    path = tmp_path / "cut_samples.wav"
    path.write_bytes(good.read_bytes()[:5000])  # header intact, most samples gone
    return path


def _write_truncated_aiff(tmp_path):
    good = tmp_path / "good.aiff"
    sf.write(good, _tone(440, 16000, channels=2), 16000, format="AIFF")
    path = tmp_path / "cut_samples.aiff"
    path.write_bytes(good.read_bytes()[:5001])
    return path


def _write_empty(tmp_path):
    path = tmp_path / "empty.flac"
    path.write_bytes(b"")
    return path


def _write_nan(tmp_path):
    y = _tone(440, 16000)
    y[100] = np.nan
    path = tmp_path / "has_nan.wav"
    sf.write(path, y, 16000, subtype="FLOAT")
    return path


def _write_inf(tmp_path):
    y = _tone(440, 16000)
    y[-1] = np.inf
    path = tmp_path / "has_inf.wav"
    sf.write(path, y, 16000, subtype="DOUBLE")
    return path


def _write_no_samples(tmp_path):
    path = tmp_path / "no_samples.wav"
    sf.write(path, np.zeros(0), 16000)
    return path


def _write_directory(tmp_path):
    path = tmp_path / "folder.wav"
    path.mkdir()
    return path


BROKEN = {
    "missing": (_write_missing, "does not exist"),
    "not-audio": (_write_text, "not a readable audio file"),
    "truncated": (_write_truncated, "not a readable audio file"),
    "truncated-data": (_write_truncated_data, "truncated: the header promises 32000 bytes"),
    "truncated-aiff": (_write_truncated_aiff, "truncated"),
    "zero-length": (_write_empty, "empty"),
    "nan": (_write_nan, "NaN or Inf"),
    "inf": (_write_inf, "NaN or Inf"),
    "no-samples": (_write_no_samples, "no audio samples"),
    "directory": (_write_directory, "directory"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_file_raises_audio_load_error_naming_file(tmp_path, case):
    make, cause = BROKEN[case]
    path = make(tmp_path)
    before = _digest(path) if path.is_file() else None
    with pytest.raises(AudioLoadError, match=re.escape(path.name) + ".*" + cause) as info:
        load_audio(path)
    err = info.value
    # a missing/unopenable file is an OSError, invalid content a ValueError
    if case in ("directory", "missing"):
        expected = (AudioFileError, OSError)
    else:
        expected = (InvalidAudioError, ValueError)
    assert all(isinstance(err, kind) for kind in expected) and isinstance(err, SkserError)
    assert err.path == str(path)
    assert str(path) in str(err)
    if before is not None:
        assert _digest(path) == before
    if case not in ("nan", "inf", "no-samples", "truncated-data", "truncated-aiff"):
        with pytest.raises(AudioLoadError, match=re.escape(path.name)):
            audio_info(path)


def test_audio_load_error_pickles():
    import pickle

    err = pickle.loads(pickle.dumps(AudioLoadError("/x/a.wav", "file does not exist")))
    assert isinstance(err, AudioLoadError)
    assert (err.path, err.reason) == ("/x/a.wav", "file does not exist")
    assert "a.wav" in str(err)


def test_streamed_wav_with_unknown_size_loads(tmp_path):
    """Piped writers put 0xFFFFFFFF in the size fields: not a truncation."""
    import struct

    path = tmp_path / "streamed.wav"
    sf.write(path, _tone(440, 16000, duration=0.2), 16000, subtype="PCM_16")
    raw = bytearray(path.read_bytes())
    raw[4:8] = struct.pack("<I", 0xFFFFFFFF)
    at = raw.find(b"data")
    raw[at + 4:at + 8] = struct.pack("<I", 0xFFFFFFFF)
    path.write_bytes(bytes(raw))
    assert len(load_audio(path)) == 3200


def test_odd_padding_byte_missing_is_not_truncation(tmp_path):
    path = tmp_path / "u8.wav"
    sf.write(path, _tone(440, 8000, duration=0.1001), 8000, subtype="PCM_U8")  # 801 bytes
    raw = path.read_bytes()
    path.write_bytes(raw[:-1] if len(raw) % 2 else raw)
    assert abs(len(load_audio(path, sr=None)) - 801) <= 1


@pytest.mark.parametrize("kwargs", [{"offset": None}, {"sr": "16000"}, {"duration": "1"},
                                    {"sr": True}])
def test_bad_arguments_raise_value_error(tmp_path, kwargs):
    path = tmp_path / "tone.wav"
    sf.write(path, _tone(440, 16000), 16000)
    with pytest.raises(ValueError, match=next(iter(kwargs))):
        load_audio(path, **kwargs)


def test_missing_file_is_an_os_error_naming_the_file(tmp_path):
    path = tmp_path / "nope.wav"
    with pytest.raises(OSError, match="nope.wav.*does not exist") as info:
        load_audio(path)
    assert isinstance(info.value, AudioFileError) and not isinstance(info.value, ValueError)


def test_audio_errors_pickle_with_their_class():
    import pickle

    for cls in (AudioFileError, InvalidAudioError):
        err = pickle.loads(pickle.dumps(cls("/x/a.wav", "why")))
        assert type(err) is cls and err.path == "/x/a.wav" and "why" in str(err)


@pytest.mark.parametrize("rate", [10, 2000, 400000])
def test_sampling_rate_outside_the_range_is_refused_naming_file_and_rate(tmp_path, rate):
    from skser.io import SAMPLE_RATE_RANGE

    path = tmp_path / "odd_rate.wav"
    sf.write(path, np.zeros(100, dtype=np.float32), rate, subtype="PCM_16")
    with pytest.raises(InvalidAudioError, match=rf"odd_rate.wav.*{rate} Hz.*outside"):
        load_audio(path)
    low, high = SAMPLE_RATE_RANGE
    assert low <= 8000 and high >= 192000  # telephone and studio rates stay readable
    sf.write(path, np.zeros(100, dtype=np.float32), low, subtype="PCM_16")
    assert load_audio(path, sr=None).shape == (100,)


def test_files_longer_than_the_duration_limit_are_refused_unless_a_span_is_asked(
        tmp_path, monkeypatch):
    from skser.io import DEFAULT_MAX_DURATION, max_duration

    path = tmp_path / "long.wav"
    sf.write(path, np.zeros(8000 * 3, dtype=np.float32), 8000, subtype="PCM_16")  # 3 s
    assert max_duration() == DEFAULT_MAX_DURATION >= 60
    monkeypatch.setenv("SKSER_MAX_DURATION", "2")
    with pytest.raises(InvalidAudioError, match=r"long.wav.*3.0 s of audio.*2 s limit"):
        load_audio(path, sr=None)
    assert load_audio(path, sr=None, offset=1.5).shape == (12000,)  # 1.5 s left to read
    assert load_audio(path, sr=None, duration=1.0).shape == (8000,)
    monkeypatch.setenv("SKSER_MAX_DURATION", "0")  # no limit
    assert load_audio(path, sr=None).shape == (24000,)
    monkeypatch.setenv("SKSER_MAX_DURATION", "soon")
    with pytest.raises(ValueError, match="SKSER_MAX_DURATION must be a number"):
        max_duration()


def _gsm(tmp_path, seconds=1.0, name="gsm.wav"):
    path = tmp_path / name
    sf.write(path, _tone(300, 8000, duration=seconds, amplitude=0.3), 8000, subtype="GSM610")
    return path


def test_gsm610_wav_loads_although_libsndfile_cannot_seek_it(tmp_path):
    path = _gsm(tmp_path)
    with sf.SoundFile(path) as f:
        assert f.subtype == "GSM610" and not f.seekable()
    y = load_audio(path, sr=None)
    assert y.dtype == np.float32 and 8000 <= len(y) <= 8000 + 320  # whole 320-sample blocks
    assert abs(_peak_hz(y, 8000) - 300) < 10
    assert load_audio(path, sr=16000).shape == (2 * len(y),)
    part = load_audio(path, sr=None, offset=0.5, duration=0.25)  # offset skipped by reading
    assert part.shape == (2000,)
    np.testing.assert_allclose(part, y[4000:6000], atol=1e-6)
    with pytest.raises(InvalidAudioError, match=r"gsm.wav.*offset 5.0 s is past the end"):
        load_audio(path, offset=5.0)


def test_unseekable_file_stops_once_over_the_duration_limit(tmp_path, monkeypatch):
    import skser.io

    path = _gsm(tmp_path, seconds=3.0, name="long_gsm.wav")
    monkeypatch.setenv("SKSER_MAX_DURATION", "2")
    with pytest.raises(InvalidAudioError, match=r"long_gsm.wav.*3.0 s of audio.*2 s limit"):
        load_audio(path)  # the header's length, before reading
    # a length the header does not give: refused while reading, after 2 s and a block
    monkeypatch.setattr(skser.io, "_UNKNOWN_FRAMES", 0)
    monkeypatch.setattr(skser.io, "_BLOCK_FRAMES", 1000)
    reads = []
    original = sf.SoundFile.read

    def counting_read(self, *args, **kwargs):
        out = original(self, *args, **kwargs)
        reads.append(len(out))
        return out

    monkeypatch.setattr(sf.SoundFile, "read", counting_read)
    with pytest.raises(InvalidAudioError, match=r"long_gsm.wav.*more than 2 s of audio.*limit"):
        load_audio(path)
    assert sum(reads) == 17000  # stopped at the first block past 16000 samples
    assert load_audio(path, sr=None, duration=1.0).shape == (8000,)


def test_many_channels_are_mixed_down_block_by_block_to_the_channel_mean(tmp_path):
    rng = np.random.default_rng(0)
    data = rng.uniform(-0.5, 0.5, size=(200_000, 6)).astype(np.float32)  # > one block
    path = tmp_path / "six.wav"
    sf.write(path, data, 16000, subtype="FLOAT")
    y = load_audio(path, sr=None)
    np.testing.assert_allclose(y, data.mean(axis=1), rtol=1e-6, atol=1e-7)
    part = load_audio(path, sr=None, offset=1.0, duration=2.0)
    np.testing.assert_allclose(part, data[16000:48000].mean(axis=1), rtol=1e-6, atol=1e-7)
    assert load_audio(path, sr=None, mono=False).shape == (6, 200_000)
