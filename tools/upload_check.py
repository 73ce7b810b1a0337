#!/usr/bin/env python3
"""Upload a WAV to a running gateway with the Python websockets client and time the round trip.

Usage: tools/upload_check.py [ws://127.0.0.1:8080/] [size-in-bytes] [rounds]
Makes a valid 8 kHz 16-bit mono WAV of the given size (default 1 MiB), sends
WAV_UPLOAD with the sip-audio-protocol subprotocol and prints each WAV_ACK and timing.
Needs Debian's python3-websockets.
"""
import asyncio
import base64
import math
import statistics
import struct
import sys
import time

import websockets


def wav_of_size(total):
    samples = (total - 44) // 2
    data = b"".join(struct.pack("<h", int(9000 * math.sin(2 * math.pi * 440 * i / 8000))) for i in range(samples))
    header = b"RIFF" + struct.pack("<I", 36 + len(data)) + b"WAVE"
    header += b"fmt " + struct.pack("<IHHIIHH", 16, 1, 1, 8000, 16000, 2, 16)
    header += b"data" + struct.pack("<I", len(data))
    return header + data


async def main():
    url = sys.argv[1] if len(sys.argv) > 1 else "ws://127.0.0.1:8080/"
    size = int(sys.argv[2]) if len(sys.argv) > 2 else 1024 * 1024
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 10
    message = "WAV_UPLOAD:upload-check.wav:" + base64.b64encode(wav_of_size(size)).decode()
    async with websockets.connect(url, subprotocols=["sip-audio-protocol"], max_size=None) as ws:
        print("subprotocol:", ws.subprotocol)
        times = []
        for _ in range(rounds):
            start = time.perf_counter()
            await ws.send(message)
            reply = await ws.recv()
            times.append((time.perf_counter() - start) * 1000)
            if not reply.startswith("WAV_ACK:"):
                sys.exit("unexpected reply: " + reply[:200])
        print("reply:", reply)
        print(f"{size}-byte upload ({len(message)} chars) round trip over {rounds} rounds: "
              f"median {statistics.median(times):.1f} ms, min {min(times):.1f} ms, max {max(times):.1f} ms")


asyncio.run(main())
