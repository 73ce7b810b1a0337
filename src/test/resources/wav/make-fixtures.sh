#!/bin/sh
# Regenerates the WAV test fixtures with SoX (14.4.2). -D turns dithering off so output is reproducible.
set -eu
cd "$(dirname "$0")"
TONE="synth 0.25 sine 1000 vol 0.5"

sox -D -n -r 8000 -c 1 -b 16 -e signed-integer pcm16-8k-mono-1k.wav $TONE      # accepted: 16-bit PCM, 8 kHz mono, 1 kHz tone
sox -D -n -r 44100 -c 2 -b 16 -e signed-integer pcm16-44k1-stereo-1k.wav synth 0.1 sine 1000 vol 0.5  # accepted: 16-bit PCM, 44.1 kHz stereo, 1 kHz tone
sox -D -n -r 16000 -c 1 -b 16 -e signed-integer pcm16-16k-mono-1k.wav $TONE    # accepted: 16-bit PCM, 16 kHz mono, 1 kHz tone
sox -D -n -r 8000 -c 1 -b 8 -e u-law mulaw-8k-1k.wav $TONE                     # accepted: G.711 mu-law (format 7), 8 kHz, 1 kHz tone
sox -D -n -r 8000 -c 1 -b 8 -e a-law alaw-8k-1k.wav $TONE                      # accepted: G.711 A-law (format 6), 8 kHz, 1 kHz tone
sox -D -n -r 8000 -c 1 -b 24 -e signed-integer pcm24-8k.wav $TONE              # refused: 24-bit PCM
sox -D -n -r 8000 -c 1 -e ima-adpcm ima-adpcm-8k.wav $TONE                     # refused: IMA ADPCM (format 0x0011)
sox -D -n -r 8000 -c 1 -e ms-adpcm ms-adpcm-8k.wav $TONE                       # refused: MS ADPCM (format 0x0002)
sox -D -n -r 8000 -c 1 -e gsm-full-rate gsm610-8k.wav $TONE                    # refused: GSM 6.10 (format 0x0031)
sox -D -n -r 8000 -c 1 -b 8 -e unsigned-integer pcm8-8k.wav $TONE              # refused: 8-bit PCM
sox -D -n -r 8000 -c 1 -b 32 -e floating-point float32-8k.wav $TONE            # refused: 32-bit float (format 3)
sox -D -n -r 16000 -c 1 -b 8 -e u-law mulaw-16k.wav $TONE                      # refused: mu-law not at 8 kHz
sox -D -n -r 8000 -c 3 -b 16 -e signed-integer pcm16-8k-3ch.wav synth 0.1 sine 1000 vol 0.5  # refused: 3 channels
