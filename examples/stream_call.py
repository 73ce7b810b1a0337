#!/usr/bin/env python3
"""Place a call through the gateway, stream a WAV file into it and save what the far end sends.

Usage: examples/stream_call.py [--url ws://localhost:8080/] [--seconds 1] TARGET INPUT.wav OUTPUT.wav

The input must be 16-bit PCM at 16000 Hz, mono or stereo (stereo is mixed down); it goes to the
call as AUDIO_FORMAT l16-16k. The far end's audio comes back as 20 ms frames in the same format
and is saved to OUTPUT.wav (16 kHz, 16-bit, mono). Exits 0 when the whole file was played and
the call hung up; 1, with the reason, on an ERROR line, an early end of the call or a timeout.
"""
import argparse
import asyncio
import sys

import gateway_client
import l16wav
from gateway_client import CallFailed

FORMAT = "l16-16k"
RATE = 16000
BYTES_PER_SECOND = 2 * RATE
FRAME = BYTES_PER_SECOND // 50  # 20 ms, the size of every frame the gateway sends
CHUNK = 10 * FRAME  # 200 ms per binary message


async def stream(gw, pcm, lead, progress):
    """Sends ``pcm`` in chunks, at most ``lead`` seconds ahead of real time, pausing on MEDIA_XOFF;
    ``progress["sent"]`` counts the bytes sent.

    The gateway plays what it is sent in real time, so sending further ahead gains nothing; the
    lead stays below the gateway's MEDIA_XOFF mark (18 s by default), which is the backstop.
    """
    loop = asyncio.get_running_loop()
    start = None
    for offset in range(0, len(pcm), CHUNK):
        chunk = pcm[offset:offset + CHUNK]
        await gw.writable(timeout=60)
        if start is None:
            start = loop.time()
        ahead = (offset + len(chunk)) / BYTES_PER_SECOND - (loop.time() - start)
        if ahead > lead:
            await asyncio.sleep(ahead - lead)
        await gw.send_audio(chunk)
        progress["sent"] += len(chunk)
        await gw.poll()


async def call(args, pcm, received, progress):
    async def keep(frame):
        received.append(frame)

    async with gateway_client.session(args.url, on_frame=keep) as gw:
        await gw.send("AUDIO_FORMAT:" + FORMAT)
        await gw.expect("AUDIO_FORMAT:" + FORMAT, 10)
        await gw.send("CALL:" + args.target)
        await gw.expect("CALL_STATE:ANSWERED", args.answer_timeout)
        print(f"> ({len(pcm) / BYTES_PER_SECOND:.2f} s of {args.input} as binary frames)")
        await stream(gw, pcm, args.lead, progress)
        await gw.send("MARK:end-of-file")
        await gw.expect("MARK_DONE:end-of-file", args.lead + 30)
        await gw.listen(args.seconds)
        await gw.send("HANGUP")
        await gw.expect("CALL_STATE:ENDED", 10)


def main():
    sys.stdout.reconfigure(line_buffering=True)
    parser = argparse.ArgumentParser(description="Stream a WAV into a call and save the far end's audio.")
    parser.add_argument("target", help="number or sip: URI to call, e.g. 0912345678")
    parser.add_argument("input", help="WAV to send: 16-bit PCM, 16000 Hz, mono or stereo")
    parser.add_argument("output", help="WAV to write with the far end's audio (16 kHz mono)")
    parser.add_argument("--url", default="ws://localhost:8080/", help="the gateway (default ws://localhost:8080/)")
    parser.add_argument("--seconds", type=float, default=1.0,
                        help="keep listening this long after the file has played (default 1)")
    parser.add_argument("--lead", type=float, default=5.0,
                        help="send at most this many seconds ahead of real time (default 5)")
    parser.add_argument("--answer-timeout", type=float, default=60.0,
                        help="seconds to wait for the answer (default 60)")
    args = parser.parse_args()
    if args.seconds < 0 or args.lead <= 0:
        parser.error("--seconds must not be negative and --lead must be positive")
    try:
        pcm = l16wav.read_mono16(args.input, RATE)
    except l16wav.WavError as e:
        print(f"stream_call: {e}", file=sys.stderr)
        return 2
    if not pcm:
        print(f"stream_call: {args.input} holds no audio", file=sys.stderr)
        return 2
    pcm += bytes(-len(pcm) % FRAME)  # whole 20 ms frames, so the last one is sent too

    received = []
    progress = {"sent": 0}
    failure = None
    try:
        asyncio.run(call(args, pcm, received, progress))
    except CallFailed as e:
        failure = str(e)
    except KeyboardInterrupt:
        failure = "interrupted"
    if received:
        l16wav.write_mono16(args.output, RATE, b"".join(received))
    heard = sum(len(frame) for frame in received) / BYTES_PER_SECOND
    if progress["sent"] or received:
        print(f"sent {progress['sent'] // FRAME} frames ({progress['sent'] / BYTES_PER_SECOND:.2f} s), "
              f"received {len(received)} frames ({heard:.2f} s)"
              + (f", saved to {args.output}" if received else ""))
    if failure:
        print(f"stream_call: {failure}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
