#!/usr/bin/env python3
"""`palisade lsp` re-check latency: from a one-line didChange of one file to the
publishDiagnostics for that version of it, the whole workspace folder being the
context. Opens FILE in WORKSPACE, waits for its first diagnostics, then edits
one line (a comment appended and removed in turn) ROUNDS times and prints the
median, minimum and maximum. The time includes the server's debounce (its
--debounce, default 150 ms); pass `--debounce 0` to see the check alone.

  bench/lsp_latency.py PALISADE WORKSPACE FILE [ROUNDS] [-- LSP_OPTIONS...]
  e.g. bench/lsp_latency.py build/release/palisade ../shared/corpus/bicep/bicep-registry-modules \\
       avm/res/key-vault/vault/main.bicep 10 -- --debounce 0
"""
import json
import os
import statistics
import subprocess
import sys
import time


def frame(message):
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def read_message(stream):
    length = None
    while True:
        line = stream.readline()
        if not line:
            raise SystemExit("the server closed its output")
        line = line.strip()
        if not line:
            break
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
    body = b""
    while len(body) < length:  # a pipe may hand over a long body in pieces
        piece = stream.read(length - len(body))
        if not piece:
            raise SystemExit("the server closed its output")
        body += piece
    return json.loads(body)


def main():
    argv = sys.argv[1:]
    extra = []
    if "--" in argv:
        extra = argv[argv.index("--") + 1:]
        argv = argv[:argv.index("--")]
    palisade, workspace, relative = argv[0], os.path.realpath(argv[1]), argv[2]
    rounds = int(argv[3]) if len(argv) > 3 else 10
    path = os.path.join(workspace, relative)
    uri = "file://" + path
    text = open(path, encoding="utf-8").read()
    server = subprocess.Popen([palisade, "lsp", *extra], stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    def send(message):
        server.stdin.write(frame(message))
        server.stdin.flush()

    def wait_diagnostics(version):
        while True:
            m = read_message(server.stdout)
            if m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri and \
                    m["params"].get("version") == version:
                return m["params"]["diagnostics"]

    send({"jsonrpc": "2.0", "id": 1, "method": "initialize",
          "params": {"rootUri": "file://" + workspace, "capabilities": {}}})
    while read_message(server.stdout).get("id") != 1:
        pass
    started = time.monotonic()
    send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
          "params": {"textDocument": {"uri": uri, "languageId": "bicep", "version": 1, "text": text}}})
    first = wait_diagnostics(1)
    print(f"first check (open): {1000 * (time.monotonic() - started):.0f} ms, {len(first)} diagnostics in the file")
    last_line = text.count("\n")
    comment = "# edited" if relative.endswith((".yaml", ".yml")) else "// edited"
    times = []
    for version in range(2, rounds + 2):
        if version % 2 == 0:
            change = {"range": {"start": {"line": last_line, "character": 0}, "end": {"line": last_line, "character": 0}},
                      "text": comment + "\n"}
        else:
            change = {"range": {"start": {"line": last_line, "character": 0}, "end": {"line": last_line + 1, "character": 0}},
                      "text": ""}
        t0 = time.monotonic()
        send({"jsonrpc": "2.0", "method": "textDocument/didChange",
              "params": {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}})
        wait_diagnostics(version)
        times.append(1000 * (time.monotonic() - t0))
    print(f"didChange -> publishDiagnostics over {rounds} one-line edits: median {statistics.median(times):.0f} ms, "
          f"min {min(times):.0f} ms, max {max(times):.0f} ms")
    send({"jsonrpc": "2.0", "id": 2, "method": "shutdown", "params": None})
    send({"jsonrpc": "2.0", "method": "exit", "params": None})
    server.wait(timeout=30)


if __name__ == "__main__":
    main()
