#!/usr/bin/env python3
"""A non-Java client for the integration tests: Debian's python3-websockets against the gateway.

Usage: ws_client.py SCENARIO URL [ARGS...]; prints one result line; exits non-zero on any failure.
  echo URL                 text (with non-ASCII) and a 1 MiB binary message come back unchanged
  subprotocol URL A,B      offers subprotocols A then B; prints the one chosen
  close URL CODE REASON    closes with CODE and REASON; prints the code the gateway answered with
  backendclose URL CODE    asks the control backend to close with CODE; prints the code received
  big URL SIZE             asks the control backend for one SIZE-byte message; checks length and pattern
"""
import asyncio
import sys

import websockets


def pattern(n):
    return bytes(i % 251 for i in range(n))


async def main(argv):
    scenario, url, args = argv[1], argv[2], argv[3:]
    protocols = args[0].split(",") if scenario == "subprotocol" else None
    async with websockets.connect(url, subprotocols=protocols, max_size=None, open_timeout=10) as ws:
        if scenario == "echo":
            await ws.send("héllo ✓")
            assert await ws.recv() == "héllo ✓"
            payload = pattern(1 << 20)
            await ws.send(payload)
            assert await ws.recv() == payload
            print("ok")
        elif scenario == "subprotocol":
            print(ws.subprotocol)
        elif scenario == "close":
            await ws.close(code=int(args[0]), reason=args[1])
            print(ws.close_code)
        elif scenario == "backendclose":
            await ws.send("close %s from backend" % args[0])
            try:
                await asyncio.wait_for(ws.recv(), 10)
            except websockets.ConnectionClosed as closed:
                print(closed.code)
        elif scenario == "big":
            size = int(args[0])
            await ws.send("big %d" % size)
            message = await asyncio.wait_for(ws.recv(), 60)
            assert len(message) == size, len(message)
            assert message == pattern(size)
            print("ok")
        else:
            raise SystemExit("unknown scenario " + scenario)


if __name__ == "__main__":
    asyncio.run(main(sys.argv))
