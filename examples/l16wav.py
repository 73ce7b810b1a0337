"""16-bit PCM WAV files for the examples, with nothing but Python's standard library.

The gateway's l16 formats are 16-bit signed little-endian mono PCM, which is exactly what the
data chunk of a 16-bit PCM WAV file holds, so the bytes go from file to WebSocket unchanged.
"""
import array
import sys
import wave


class WavError(Exception):
    """A WAV file the examples cannot use, with a message that says why."""


def read_mono16(path, rate):
    """The file's audio as 16-bit little-endian mono PCM bytes; a stereo file is mixed down.

    Only 16-bit PCM at exactly ``rate`` Hz is accepted: the examples do not resample.
    """
    try:
        with wave.open(path, "rb") as wav:
            channels, width, file_rate = wav.getnchannels(), wav.getsampwidth(), wav.getframerate()
            if width != 2 or channels not in (1, 2) or file_rate != rate:
                raise WavError(f"{path} is {width * 8}-bit, {channels} channel(s), {file_rate} Hz; "
                               f"this needs 16-bit PCM at {rate} Hz, mono or stereo{_convert(rate)}")
            data = wav.readframes(wav.getnframes())
    except wave.Error as e:
        raise WavError(f"{path} is not a 16-bit PCM WAV file ({e}){_convert(rate)}") from e
    except EOFError as e:
        raise WavError(f"{path} is not a WAV file (it ends too early)") from e
    except OSError as e:
        raise WavError(f"cannot read {path}: {e.strerror or e}") from e
    if channels == 2:
        samples = _samples(data)
        data = _bytes(array.array("h", ((left + right) >> 1 for left, right in zip(samples[0::2], samples[1::2]))))
    return data


def _convert(rate):
    return f" (convert it with e.g. sox IN.wav -b 16 -r {rate} -c 1 OUT.wav)"


def write_mono16(path, rate, data):
    """Writes 16-bit little-endian mono PCM bytes as a WAV file."""
    with wave.open(path, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(data)


def scaled(data, gain):
    """16-bit little-endian PCM bytes with every sample multiplied by ``gain`` (clipped)."""
    samples = _samples(data)
    for i, sample in enumerate(samples):
        samples[i] = max(-32768, min(32767, round(sample * gain)))
    return _bytes(samples)


def _samples(data):
    samples = array.array("h", data)
    if sys.byteorder == "big":
        samples.byteswap()
    return samples


def _bytes(samples):
    if sys.byteorder == "big":
        samples.byteswap()
    return samples.tobytes()
