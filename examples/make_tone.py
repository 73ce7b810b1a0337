#!/usr/bin/env python3
"""Write a sine tone as a 16-bit mono PCM WAV file, to feed the other examples.

Usage: examples/make_tone.py OUT.wav [--seconds 3] [--frequency 440] [--rate 16000]
"""
import argparse
import array
import math
import sys

import l16wav


def main():
    parser = argparse.ArgumentParser(description="Write a sine tone as a 16-bit mono PCM WAV file.")
    parser.add_argument("output", help="the WAV file to write")
    parser.add_argument("--seconds", type=float, default=3.0, help="length (default 3)")
    parser.add_argument("--frequency", type=float, default=440.0, help="Hz (default 440)")
    parser.add_argument("--rate", type=int, default=16000, choices=(8000, 16000),
                        help="sample rate: 16000 for l16-16k (default), 8000 for l16")
    args = parser.parse_args()
    if args.seconds <= 0 or not 0 < args.frequency < args.rate / 2:
        parser.error("--seconds must be positive and --frequency between 0 and half the rate")
    n = round(args.seconds * args.rate)
    step = 2 * math.pi * args.frequency / args.rate
    samples = array.array("h", (round(16000 * math.sin(step * i)) for i in range(n)))
    if sys.byteorder == "big":
        samples.byteswap()
    l16wav.write_mono16(args.output, args.rate, samples.tobytes())
    print(f"wrote {args.output}: {args.seconds:g} s of {args.frequency:g} Hz at {args.rate} Hz")


if __name__ == "__main__":
    main()
