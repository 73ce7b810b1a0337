"""One WebSocket session with the SIP Audio Gateway, for the examples (Debian's python3-websockets).

A background task reads the session: it prints every text line as "< line", hands binary frames
(the far end's audio) to a callback, notes MEDIA_XOFF/MEDIA_XON, and queues the lines for the
script, which waits for the ones it needs. Lines a script does not know are printed and ignored.
"""
import asyncio
import contextlib
import os

import websockets

SUBPROTOCOL = "sip-audio-protocol"


class CallFailed(Exception):
    """The session or the call went wrong; the message says how."""


@contextlib.asynccontextmanager
async def session(url, on_frame=None):
    """Opens a session at ``url``; ``on_frame`` is an async callback for each binary frame.

    A token in the environment variable GATEWAY_TOKEN is sent as ``Authorization: Bearer``.
    """
    token = os.environ.get("GATEWAY_TOKEN")
    headers = {"Authorization": "Bearer " + token} if token else None
    try:
        ws = await websockets.connect(url, subprotocols=[SUBPROTOCOL], extra_headers=headers, max_size=None,
                                      open_timeout=10)
    except (OSError, asyncio.TimeoutError, websockets.exceptions.WebSocketException) as e:
        shown = url.split("?")[0]  # never a ?token= on the terminal
        raise CallFailed(f"cannot open a session at {shown}: {e or type(e).__name__}") from e
    client = GatewayClient(ws, on_frame)
    reader = asyncio.create_task(client.read())
    try:
        yield client
    finally:
        reader.cancel()
        await ws.close()


class GatewayClient:

    def __init__(self, ws, on_frame):
        self.ws = ws
        self.on_frame = on_frame
        self.lines = asyncio.Queue()
        self.may_send = asyncio.Event()
        self.may_send.set()
        self.closed = None

    async def read(self):
        try:
            async for message in self.ws:
                if isinstance(message, bytes):
                    if self.on_frame:
                        await self.on_frame(message)
                    continue
                print("<", message)
                if message == "MEDIA_XOFF":
                    self.may_send.clear()
                elif message == "MEDIA_XON" or message.startswith("CALL_STATE:ENDED"):
                    self.may_send.set()
                self.lines.put_nowait(message)
            reason = f" {self.ws.close_reason}" if self.ws.close_reason else ""
            self.closed = f"the gateway closed the session (code {self.ws.close_code}{reason})"
        except websockets.exceptions.ConnectionClosed as e:
            self.closed = f"the session was closed ({e})"
        except CallFailed as e:  # on_frame's own send found the session closed
            self.closed = str(e)
        self.may_send.set()
        self.lines.put_nowait(None)

    async def send(self, command):
        print(">", command)
        await self._send(command)

    async def send_audio(self, pcm):
        """One binary frame of audio in the session's AUDIO_FORMAT."""
        await self._send(pcm)

    async def _send(self, message):
        try:
            await self.ws.send(message)
        except websockets.exceptions.ConnectionClosed as e:
            raise CallFailed(self.closed or f"the session was closed ({e})") from None

    @staticmethod
    def check(line):
        """Fails on the lines that end a script's plan: an ERROR, or the call's end."""
        if line.startswith("ERROR:"):
            raise CallFailed(f"the gateway refused a command: {line}")
        if line.startswith("CALL_STATE:ENDED:"):
            raise CallFailed(f"the call ended early: {line[len('CALL_STATE:ENDED:'):]}")

    async def _next(self, timeout, waiting_for):
        try:
            line = await asyncio.wait_for(self.lines.get(), max(0.0, timeout))
        except asyncio.TimeoutError:
            raise CallFailed(f"no {waiting_for}") from None
        if line is None:
            raise CallFailed(self.closed)
        return line

    async def expect(self, wanted, timeout):
        """Waits at most ``timeout`` seconds for a line starting with ``wanted`` and returns it."""
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            line = await self._next(deadline - asyncio.get_running_loop().time(), f"{wanted} within {timeout:g} s")
            if line.startswith(wanted):
                return line
            self.check(line)

    async def listen(self, seconds, handler=None):
        """Reads lines for ``seconds``: each goes to the async ``handler`` (if it returns True it
        was handled) and is otherwise checked, so an ERROR or the call's end fails the script."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        while loop.time() < deadline:
            try:
                line = await self._next(deadline - loop.time(), "line")
            except CallFailed:
                if self.closed:
                    raise
                return
            if not (handler and await handler(line)):
                self.check(line)

    async def poll(self):
        """Checks the lines that came in meanwhile, without waiting (it lets the reader run)."""
        await asyncio.sleep(0)
        while not self.lines.empty():
            line = self.lines.get_nowait()
            if line is None:
                raise CallFailed(self.closed)
            self.check(line)

    async def writable(self, timeout):
        """Returns at once unless the gateway said MEDIA_XOFF; then waits for MEDIA_XON."""
        if self.may_send.is_set():
            return False
        print("(paused on MEDIA_XOFF until MEDIA_XON)")
        try:
            await asyncio.wait_for(self.may_send.wait(), timeout)
        except asyncio.TimeoutError:
            raise CallFailed(f"no MEDIA_XON within {timeout:g} s of MEDIA_XOFF") from None
        await self.poll()
        print("(resumed)")
        return True
