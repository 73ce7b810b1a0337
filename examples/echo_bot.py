#!/usr/bin/env python3
"""An echo bot: it places a call, plays an optional greeting, then sends back what it hears.

Usage: examples/echo_bot.py [--url ws://localhost:8080/] [--format l16-16k] [--greeting G.wav]
                            [--gain 0.5] [--press 5 --after 1] [--seconds 10] TARGET

- The greeting (16-bit PCM at the format's rate, at most 15 s) is queued at once, followed by
  MARK:greeting; the bot starts echoing when MARK_DONE:greeting or MARK_CLEARED:greeting arrives.
- Every DTMF:<digit> line is a barge-in: the bot sends CLEAR, which drops the greeting and echo
  still queued at the gateway (a mark still queued comes back as MARK_CLEARED).
- The echo is at --gain (default 0.5, 0 turns it off): on a line that itself echoes, like the
  gateway's built-in test line, the bot hears its own echo again, and a gain below 1 lets that
  loop die away instead of circling for as long as the call lasts.
- --press D --after S stands in for a caller pressing D about S seconds after the answer: the bot
  sends SEND_DTMF:D itself, and the test line echoes the key back as DTMF:D.

The gateway has no incoming calls yet, so the bot places the call (CALL:TARGET). After --seconds
it hangs up. Exits 0 after a call that ran its time, 1 on an ERROR line, an early end or a timeout.
"""
import argparse
import asyncio
import sys

import gateway_client
import l16wav
from gateway_client import CallFailed

RATES = {"l16": 8000, "l16-16k": 16000}
MAX_GREETING_SECONDS = 15  # queued at once, so kept below the gateway's MEDIA_XOFF mark (18 s)


class EchoBot:

    def __init__(self, args, greeting):
        self.args = args
        self.greeting = greeting
        self.bytes_per_second = 2 * RATES[args.format]
        self.frame = self.bytes_per_second // 50
        self.echoing = greeting is None
        self.gw = None
        self.answered = False
        self.heard = 0
        self.echoed = 0
        self.keys = []
        self.greeting_outcome = "none" if greeting is None else "still queued"

    async def on_frame(self, frame):
        self.heard += 1
        if self.echoing and self.args.gain > 0:
            await self.gw.send_audio(frame if self.args.gain == 1 else l16wav.scaled(frame, self.args.gain))
            self.echoed += 1

    async def on_line(self, line):
        if line.startswith("DTMF:"):
            self.keys.append(line[len("DTMF:"):])
            await self.gw.send("CLEAR")
            return True
        if line in ("MARK_DONE:greeting", "MARK_CLEARED:greeting"):
            self.greeting_outcome = "played to the end" if line.startswith("MARK_DONE") else "cut short by CLEAR"
            self.echoing = True
            print(f"(greeting {self.greeting_outcome}" + ("; echoing from now on)" if self.args.gain > 0 else ")"))
            return True
        return False

    async def play_greeting(self, press_at):
        """Queues the greeting and its mark; with ``press_at`` (seconds into the greeting) the key
        goes in there, since the gateway sends a digit after the audio queued before it."""
        cut = len(self.greeting) if press_at is None else round(press_at * 50) * self.frame
        print(f"> ({len(self.greeting) / self.bytes_per_second:.2f} s of {self.args.greeting} as binary frames"
              + (f", the key {press_at:g} s into it" if press_at is not None else "") + ")")
        await self.send_pcm(self.greeting[:cut])
        if press_at is not None:
            await self.gw.send("SEND_DTMF:" + self.args.press)
            await self.send_pcm(self.greeting[cut:])
        await self.gw.send("MARK:greeting")

    async def send_pcm(self, pcm):
        for offset in range(0, len(pcm), self.bytes_per_second):
            await self.gw.send_audio(pcm[offset:offset + self.bytes_per_second])

    async def run(self):
        args = self.args
        async with gateway_client.session(args.url, on_frame=self.on_frame) as gw:
            self.gw = gw
            await gw.send("AUDIO_FORMAT:" + args.format)
            await gw.expect("AUDIO_FORMAT:" + args.format, 10)
            await gw.send("CALL:" + args.target)
            await gw.expect("CALL_STATE:ANSWERED", args.answer_timeout)
            self.answered = True
            key_in_greeting = (args.press is not None and self.greeting is not None
                               and args.after < len(self.greeting) / self.bytes_per_second)
            if self.greeting is not None:
                await self.play_greeting(args.after if key_in_greeting else None)
            if args.press is not None and not key_in_greeting:
                await gw.listen(args.after, self.on_line)
                await gw.send("SEND_DTMF:" + args.press)
                await gw.listen(args.seconds - args.after, self.on_line)
            else:
                await gw.listen(args.seconds, self.on_line)
            # No echo after the hang-up: a frame sent behind HANGUP finds no call (ERROR:no-call).
            self.echoing = False
            await gw.send("HANGUP")
            await gw.expect("CALL_STATE:ENDED", 10)


def main():
    sys.stdout.reconfigure(line_buffering=True)
    parser = argparse.ArgumentParser(description="Call, greet, echo what is heard, barge in on DTMF.")
    parser.add_argument("target", help="number or sip: URI to call, e.g. 0912345678")
    parser.add_argument("--url", default="ws://localhost:8080/", help="the gateway (default ws://localhost:8080/)")
    parser.add_argument("--format", choices=sorted(RATES), default="l16-16k",
                        help="audio format: l16 (8 kHz) or l16-16k (16 kHz, the default)")
    parser.add_argument("--greeting", help="WAV to play first: 16-bit PCM at the format's rate, mono or stereo")
    parser.add_argument("--gain", type=float, default=0.5, help="echo gain, 0 to 1 (default 0.5; 0: no echo)")
    parser.add_argument("--press", choices=list("0123456789*#ABCD"), help="a key to send as DTMF (see --after)")
    parser.add_argument("--after", type=float, default=1.0, help="seconds after the answer to send --press (default 1)")
    parser.add_argument("--seconds", type=float, default=10.0, help="hang up this long after the answer (default 10)")
    parser.add_argument("--answer-timeout", type=float, default=60.0,
                        help="seconds to wait for the answer (default 60)")
    args = parser.parse_args()
    if not 0 <= args.gain <= 1:
        parser.error("--gain must be between 0 and 1")
    if args.press is not None and not 0 <= args.after < args.seconds:
        parser.error("--after must be at least 0 and below --seconds")
    greeting = None
    if args.greeting:
        try:
            greeting = l16wav.read_mono16(args.greeting, RATES[args.format])
        except l16wav.WavError as e:
            print(f"echo_bot: {e}; --format l16 takes 8000 Hz files, l16-16k 16000 Hz ones", file=sys.stderr)
            return 2
        if len(greeting) > MAX_GREETING_SECONDS * 2 * RATES[args.format]:
            print(f"echo_bot: {args.greeting} is longer than {MAX_GREETING_SECONDS} s", file=sys.stderr)
            return 2

    bot = EchoBot(args, greeting)
    failure = None
    try:
        asyncio.run(bot.run())
    except CallFailed as e:
        failure = str(e)
    except KeyboardInterrupt:
        failure = "interrupted"
    if bot.answered:
        print(f"heard {bot.heard} frames, echoed {bot.echoed}; keys: {' '.join(bot.keys) or 'none'}; "
              f"greeting: {bot.greeting_outcome}")
    if failure:
        print(f"echo_bot: {failure}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
