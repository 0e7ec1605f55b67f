#!/usr/bin/env python3
"""A local SMTP sink for replays with --synthetic-contacts (docs/real-data-run.md): listens on 127.0.0.1 only,
accepts every message and keeps nothing of it but one line per recipient, "<Message-ID>\t<recipient>", in the log
file. Usage: python3 smtp_sink.py [port, default 19525] [log file, default sink.log]"""
import asyncio, sys, collections

PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 19525
LOG = sys.argv[2] if len(sys.argv) > 2 else "sink.log"
count = collections.Counter()

async def handle(reader, writer):
    def send(line):
        writer.write((line + "\r\n").encode())
    send("220 sink ESMTP")
    await writer.drain()
    rcpts, mid = [], None
    while True:
        line = await reader.readline()
        if not line:
            break
        cmd = line.decode(errors="replace").strip()
        up = cmd.upper()
        if up.startswith("EHLO"):
            writer.write(b"250-sink\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250 OK\r\n")
        elif up.startswith("HELO"):
            send("250 sink")
        elif up.startswith("MAIL FROM"):
            rcpts, mid = [], None
            send("250 OK")
        elif up.startswith("RCPT TO"):
            rcpts.append(cmd[8:].strip().strip("<>"))
            send("250 OK")
        elif up == "DATA":
            send("354 go ahead")
            await writer.drain()
            while True:
                d = await reader.readline()
                if not d or d in (b".\r\n", b".\n"):
                    break
                if d.lower().startswith(b"message-id:"):
                    mid = d.decode(errors="replace").split(":", 1)[1].strip()
            with open(LOG, "a") as f:
                for r in rcpts:
                    f.write(f"{mid}\t{r}\n")
            count["messages"] += 1
            send("250 queued")
        elif up == "RSET":
            rcpts, mid = [], None
            send("250 OK")
        elif up == "NOOP":
            send("250 OK")
        elif up == "QUIT":
            send("221 bye")
            await writer.drain()
            break
        else:
            send("250 OK")
        await writer.drain()
    writer.close()

async def main():
    server = await asyncio.start_server(handle, "127.0.0.1", PORT)
    async with server:
        await server.serve_forever()

asyncio.run(main())
