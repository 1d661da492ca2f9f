"""The readers' side of bench.chat_latency, as a process of its own: many server-sent-event
streams held open on plain asyncio sockets (HTTP/1.1, chunked), lean enough that 1,000 of
them in one process cost little CPU, so the client is not what is measured.

    python -m bench.sse_readers   (started by bench.chat_latency; talks JSON lines)

On stdin, one JSON object a line:
- {"open": {"host", "port", "streams": [{"path", "headers"}...], "at_once"}}: opens the
  streams (their index is their place in the list, counting on from those opened before);
  answers {"opened", "failed", "clock"} once each has its response headers.
- {"report": true}: answers {"received": [[stream, k, delay, seq], ...], "other",
  "dropped"}: each bench message received since the last report (`k` and the send time are
  in the message's text, "bench <k> <monotonic send time>"; `seq` is the event's id), the
  count of other entries, and how many streams broke so far (a stream that ends normally,
  its chat closed, is not counted).
- {"close": true}: closes every stream and exits.

Times are time.monotonic(): CLOCK_MONOTONIC, one clock for every process on the machine, so
the send time written by the poster's process is comparable with the receive time here.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import resource
import sys
import time
from dataclasses import dataclass, field
from typing import Any

SEPARATOR = b"\r\n\r\n"  # sse-starlette ends each event with an empty CRLF line
MARK = b'"text":"bench '


def raise_file_limit() -> int:
    """The soft limit of open files raised to the hard one; the new soft limit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


@dataclass
class Readers:
    received: list[tuple[int, int, float, int]] = field(default_factory=list)
    other: int = 0
    failed: list[str] = field(default_factory=list)
    tasks: list[asyncio.Task[None]] = field(default_factory=list)
    count: int = 0
    dropped: int = 0  # streams that broke while open

    def events(self, stream: int, block: bytes, now: float) -> None:
        """One SSE event: a bench message's delay is noted; anything else counted."""
        if MARK not in block:
            if b"event: entry" in block:
                self.other += 1
            return
        seq, words = 0, list[str]()
        for line in block.split(b"\r\n"):
            if line.startswith(b"data:"):
                words = json.loads(line[5:])["text"].split()
            elif line.startswith(b"id:"):
                seq = int(line[3:])
        self.received.append((stream, int(words[1]), now - float(words[2]), seq))

    async def follow(
        self, stream: int, host: str, port: int, path: str, headers: dict[str, str]
    ) -> asyncio.Event:
        """Opens one stream; the event is set once its response headers are in."""
        opened = asyncio.Event()
        self.tasks.append(
            asyncio.create_task(self._read(stream, host, port, path, headers, opened))
        )
        return opened

    async def _read(
        self,
        stream: int,
        host: str,
        port: int,
        path: str,
        headers: dict[str, str],
        opened: asyncio.Event,
    ) -> None:
        try:
            reader, writer = await asyncio.open_connection(host, port)
            lines = [f"GET {path} HTTP/1.1", f"Host: {host}:{port}", "Accept: text/event-stream"]
            lines += [f"{name}: {value}" for name, value in headers.items()]
            writer.write(("\r\n".join(lines) + "\r\n\r\n").encode())
            head = await reader.readuntil(b"\r\n\r\n")
            status = head.split(b" ", 2)[1]
            if status != b"200":
                self.failed.append(f"{path}: {status.decode()}")
                writer.close()
                return
        except (OSError, asyncio.IncompleteReadError) as error:
            self.failed.append(f"{path}: {type(error).__name__}")
            return
        finally:
            opened.set()
        try:
            await self._chunks(stream, reader)
        except (OSError, asyncio.IncompleteReadError, ValueError):
            self.dropped += 1  # the connection broke (or spoke nonsense): reported
        finally:
            writer.close()

    async def _chunks(self, stream: int, reader: asyncio.StreamReader) -> None:
        """The body, chunk by chunk (each event is one chunk, or a few), until it ends."""
        buffer = b""
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            if size == 0:
                return
            buffer += (await reader.readexactly(size + 2))[:-2]
            now = time.monotonic()
            while (end := buffer.find(SEPARATOR)) >= 0:
                self.events(stream, buffer[:end], now)
                buffer = buffer[end + len(SEPARATOR) :]

    async def open(self, request: dict[str, Any]) -> dict[str, Any]:
        at_once = asyncio.Semaphore(int(request.get("at_once", 50)))
        failed_before = len(self.failed)

        async def one(stream: int, spec: dict[str, Any]) -> None:
            async with at_once:
                opened = await self.follow(
                    stream, request["host"], request["port"], spec["path"], spec["headers"]
                )
                await opened.wait()

        streams = request["streams"]
        await asyncio.gather(*(one(self.count + n, spec) for n, spec in enumerate(streams)))
        self.count += len(streams)
        return {
            "opened": len(streams) - (len(self.failed) - failed_before),
            "failed": self.failed[failed_before:][:10],
            "clock": time.monotonic(),
        }

    def report(self) -> dict[str, Any]:
        found, self.received = self.received, []
        other, self.other = self.other, 0
        return {"received": found, "other": other, "dropped": self.dropped}

    async def close(self) -> None:
        for task in self.tasks:
            task.cancel()
        for task in self.tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task


async def main() -> None:
    raise_file_limit()
    readers = Readers()
    loop = asyncio.get_running_loop()
    stdin = asyncio.StreamReader(limit=2**26)
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(stdin), sys.stdin)
    while line := await stdin.readline():
        command = json.loads(line)
        if "open" in command:
            answer = await readers.open(command["open"])
        elif "report" in command:
            answer = readers.report()
        else:
            await readers.close()
            return
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    asyncio.run(main())
