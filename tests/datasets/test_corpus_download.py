"""fetch_emodb / fetch_ravdess (speech and song) download path against a local HTTP server."""

import functools
import http.server
import io
import os
import threading
import zipfile

import numpy as np
import pytest
import soundfile as sf

import skser.datasets._emodb as emodb_module
import skser.datasets._ravdess as ravdess_module
from skser.datasets import fetch_emodb, fetch_ravdess, load_corpus
from skser.exceptions import CorpusNotFoundError

EMODB_NAMES = ["03a01Fa", "03a01Wa", "08a02Lb", "09b10Tc", "16b03Nd"]
RAVDESS_NAMES = ["Actor_01/03-01-05-02-01-01-01", "Actor_01/03-01-01-01-02-02-01",
                 "Actor_02/03-01-08-01-01-01-02"]
SONG_NAMES = ["Actor_01/03-02-05-02-01-01-01", "Actor_19/03-02-03-01-02-02-19"]
UNREACHABLE = "http://127.0.0.1:9/must-not-be-used.zip"


def _wav_bytes():
    buf = io.BytesIO()
    t = np.arange(1600) / 16000
    sf.write(buf, 0.3 * np.sin(2 * np.pi * 440 * t), 16000, format="WAV")
    return buf.getvalue()


def _zip(members):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


@pytest.fixture
def server(tmp_path, monkeypatch):
    """Serve ``tmp_path/www`` on 127.0.0.1; yields the base URL."""
    for var in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy",
                "ALL_PROXY"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    www = tmp_path / "www"
    www.mkdir()

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(www)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield www, f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _leftovers(home):
    return [n for n in os.listdir(home) if n.startswith(".")]


def test_emodb_download_unpacks_atomically(server, tmp_path, monkeypatch):
    www, base = server
    wav = _wav_bytes()
    members = {f"wav/{n}.wav": wav for n in EMODB_NAMES}
    members["lablaut/03a01Fa.lab"] = b"label file"
    members["erkennung.txt"] = b"perception results"
    (www / "download.zip").write_bytes(_zip(members))
    monkeypatch.setattr(emodb_module, "URL", f"{base}/download.zip")
    home = tmp_path / "home"  # does not exist yet: the download creates it

    data = fetch_emodb(data_home=home)
    assert [os.path.basename(p) for p in data.filenames] == [f"{n}.wav" for n in EMODB_NAMES]
    assert data.target.tolist() == ["happiness", "anger", "boredom", "sadness", "neutral"]
    assert data.groups.tolist() == ["emodb/03", "emodb/03", "emodb/08", "emodb/09", "emodb/16"]
    assert (home / "emodb" / "lablaut" / "03a01Fa.lab").is_file()
    assert _leftovers(home) == []
    assert (home / "emodb" / "wav" / "03a01Fa.wav").read_bytes() == wav

    # second call reads the copy on disk, not the server
    (www / "download.zip").unlink()
    assert len(fetch_emodb(data_home=home).filenames) == 5


def test_ravdess_download(server, tmp_path, monkeypatch):
    www, base = server
    members = {f"{n}.wav": _wav_bytes() for n in RAVDESS_NAMES}
    (www / "ravdess.zip").write_bytes(_zip(members))
    monkeypatch.setattr(ravdess_module, "URL", f"{base}/ravdess.zip")
    home = tmp_path / "home"
    data = load_corpus("ravdess", data_home=home, download_if_missing=True)
    assert sorted(set(data.groups)) == ["ravdess/01", "ravdess/02"]
    assert sorted(data.target) == ["anger", "neutral", "surprise"]
    assert data.frame.gender.tolist() == ["male", "male", "female"]
    assert sorted(os.listdir(home / "ravdess")) == ["Actor_01", "Actor_02"]
    assert _leftovers(home) == []


def test_ravdess_song_download(server, tmp_path, monkeypatch):
    www, base = server
    members = {f"{n}.wav": _wav_bytes() for n in SONG_NAMES}
    (www / "song.zip").write_bytes(_zip(members))
    monkeypatch.setattr(ravdess_module, "SONG_URL", f"{base}/song.zip")
    monkeypatch.setattr(ravdess_module, "URL", UNREACHABLE)
    home = tmp_path / "home"
    data = load_corpus("ravdess-song", data_home=home, download_if_missing=True)
    assert data.groups.tolist() == ["ravdess/01", "ravdess/19"]
    assert data.target.tolist() == ["anger", "happiness"]
    assert set(data.frame.vocal_channel) == {"song"}
    assert sorted(os.listdir(home)) == ["ravdess_song"]
    assert sorted(os.listdir(home / "ravdess_song")) == ["Actor_01", "Actor_19"]
    (www / "song.zip").unlink()  # second call reads the copy on disk
    assert len(fetch_ravdess(data_home=home, vocal_channel="song").filenames) == 2


def test_ravdess_both_downloads_only_the_missing_channel(server, tmp_path, monkeypatch):
    www, base = server
    (www / "song.zip").write_bytes(_zip({f"{n}.wav": _wav_bytes() for n in SONG_NAMES}))
    monkeypatch.setattr(ravdess_module, "SONG_URL", f"{base}/song.zip")
    monkeypatch.setattr(ravdess_module, "URL", UNREACHABLE)
    for name in RAVDESS_NAMES:  # speech already unpacked by hand
        path = tmp_path / "ravdess" / f"{name}.wav"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(_wav_bytes())
    data = fetch_ravdess(data_home=tmp_path, vocal_channel="both")
    assert data.frame.vocal_channel.value_counts().to_dict() == {"speech": 3, "song": 2}
    assert (tmp_path / "ravdess_song" / "Actor_19").is_dir()
    assert _leftovers(tmp_path) == []


def test_ravdess_song_beside_speech_is_not_downloaded(tmp_path, monkeypatch):
    monkeypatch.setattr(ravdess_module, "SONG_URL", UNREACHABLE)
    path = tmp_path / "ravdess" / f"{SONG_NAMES[0]}.wav"
    path.parent.mkdir(parents=True)
    path.write_bytes(_wav_bytes())
    assert fetch_ravdess(data_home=tmp_path, vocal_channel="song").filenames.tolist() == [
        str(path)]
    assert sorted(os.listdir(tmp_path)) == ["ravdess"]


def test_ravdess_song_download_fails_into_the_song_folder(tmp_path, monkeypatch):
    monkeypatch.setattr(ravdess_module, "SONG_URL", "http://127.0.0.1:9/none.zip")
    with pytest.raises(CorpusNotFoundError) as info:
        fetch_ravdess(data_home=tmp_path, vocal_channel="song")
    msg = str(info.value)
    assert msg.startswith(f"RAVDESS song not found in '{tmp_path / 'ravdess_song'}'")
    assert "download from http://127.0.0.1:9/none.zip failed" in msg
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize(
    "payload, cause",
    [
        (b"<html>not found</html>", "not a zip"),
        (_zip({"readme.txt": b"x", "audio/03a01Fa.wav": b"RIFF"}), "does not contain wav/"),
        (None, "HTTPError"),
    ],
    ids=["not-zip", "wrong-layout", "404"],
)
def test_failed_download_says_where_to_put_files(server, tmp_path, monkeypatch, payload,
                                                  cause):
    www, base = server
    if payload is not None:
        (www / "download.zip").write_bytes(payload)
    monkeypatch.setattr(emodb_module, "URL", f"{base}/download.zip")
    home = tmp_path / "home"
    target = str(home / "emodb")
    with pytest.raises(CorpusNotFoundError, match=cause) as info:
        fetch_emodb(data_home=home)
    msg = str(info.value)
    assert target in msg and "wav/*.wav" in msg and "SKSER_DATA" in msg
    assert isinstance(info.value, FileNotFoundError)
    assert not os.path.exists(target)
    assert _leftovers(home) == []


def test_unreachable_server(tmp_path, monkeypatch):
    monkeypatch.setattr(ravdess_module, "URL", "http://127.0.0.1:9/none.zip")
    with pytest.raises(CorpusNotFoundError, match="download from http://127.0.0.1:9"):
        fetch_ravdess(data_home=tmp_path)
    assert os.listdir(tmp_path) == []


def test_no_download_when_not_allowed(tmp_path, monkeypatch):
    monkeypatch.setattr(emodb_module, "URL", "http://127.0.0.1:9/must-not-be-used.zip")
    with pytest.raises(CorpusNotFoundError) as info:
        fetch_emodb(data_home=tmp_path / "nowhere", download_if_missing=False)
    msg = str(info.value)
    assert str(tmp_path / "nowhere" / "emodb") in msg
    assert "data_home=" in msg and "SKSER_DATA" in msg and "download_if_missing=True" in msg
    assert not (tmp_path / "nowhere").exists()


def test_does_not_overwrite_a_foreign_folder(server, tmp_path, monkeypatch):
    www, base = server
    (www / "download.zip").write_bytes(_zip({"wav/03a01Fa.wav": _wav_bytes()}))
    monkeypatch.setattr(emodb_module, "URL", f"{base}/download.zip")
    mine = tmp_path / "emodb" / "notes.txt"
    mine.parent.mkdir()
    mine.write_text("keep me")
    with pytest.raises(CorpusNotFoundError, match="not overwriting"):
        fetch_emodb(data_home=tmp_path)
    assert mine.read_text() == "keep me"
