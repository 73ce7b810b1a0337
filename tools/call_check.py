#!/usr/bin/env python3
"""Run the README's example session against a running gateway with Python's websockets client.

Usage: tools/call_check.py [ws://127.0.0.1:8080/] [target]
Uploads a 1 s 800 Hz tone, calls the target (default 0912345678, which the built-in test line
answers), plays the tone, and prints every message except RTP lines, which it counts and sums up.
Needs Debian's python3-websockets.
"""
import asyncio
import base64
import math
import struct
import sys

import websockets


def tone_wav(seconds=1.0, frequency=800):
    n = int(8000 * seconds)
    data = b"".join(struct.pack("<h", int(12000 * math.sin(2 * math.pi * frequency * i / 8000))) for i in range(n))
    header = b"RIFF" + struct.pack("<I", 36 + len(data)) + b"WAVE"
    header += b"fmt " + struct.pack("<IHHIIHH", 16, 1, 1, 8000, 16000, 2, 16)
    return header + b"data" + struct.pack("<I", len(data)) + data


async def main():
    url = sys.argv[1] if len(sys.argv) > 1 else "ws://127.0.0.1:8080/"
    target = sys.argv[2] if len(sys.argv) > 2 else "0912345678"
    async with websockets.connect(url, subprotocols=["sip-audio-protocol"], max_size=None) as ws:
        rtp = 0

        async def until(prefix):
            nonlocal rtp
            while True:
                message = await asyncio.wait_for(ws.recv(), 15)
                if message.startswith("RTP:"):
                    rtp += 1
                    if rtp == 1:
                        print("<", message[:40] + "...", "(first RTP line)")
                    continue
                print("<", message)
                if message.startswith(prefix) or message.startswith("ERROR") or message.startswith("CALL_STATE:ENDED"):
                    return message

        await ws.send("WAV_UPLOAD:hello.wav:" + base64.b64encode(tone_wav()).decode())
        print("> WAV_UPLOAD:hello.wav:...")
        await until("WAV_ACK")
        print("> CALL:" + target)
        await ws.send("CALL:" + target)
        if not (await until("CALL_STATE:ANSWERED")).endswith("ANSWERED"):
            return
        print("> PLAY_WAV:hello.wav")
        await ws.send("PLAY_WAV:hello.wav")
        await until("PLAY_DONE")
        print("> HANGUP")
        await ws.send("HANGUP")
        await until("CALL_STATE:ENDED")
        print(f"({rtp} RTP lines received)")


asyncio.run(main())
