#!/usr/bin/env python3
"""Runs every ```sh block of a Markdown file as a user who copies it would, in a sandbox.

Used by tests/e2e/readme.bats and tests/e2e/examples.bats. Usage:
  readme_blocks.py FILE.md [--list]         the ```sh blocks of a Markdown file
  readme_blocks.py --crontab FILE           a crontab: each line run once, as cron runs it;
                                            NAME=VALUE lines set the environment of the
                                            lines after them, as in cron (no expansion)
  readme_blocks.py --units FILE.service...  systemd services: each ExecStart= run as systemd
                                            would (%% and $$ unescaped, Environment= set,
                                            StateDirectory=/CacheDirectory= created first)
  readme_blocks.py --man PAGE.1...          the command blocks (.EX/.EE, .nf/.fi) of each
                                            page's EXAMPLES section, groff escapes undone,
                                            run as the blocks of a Markdown file are; the
                                            sandbox's work directory and HOME hold the
                                            input files the examples name, from
                                            tests/fixtures/man; a comment line before a
                                            block says how to take it:
                                              .\" example: skip REASON    not run
                                              .\" example: output         what the block
                                                                          before prints
                                              .\" example: file PATH      written to PATH
                                            and a command that samples or follows forever
                                            (-i/--interval without -c/--count, --follow)
                                            runs 3 seconds and gets SIGINT
and, before the files: --keep DIR (make the sandbox in DIR and leave it there, for the
caller to look at), --setup CMD (a bash command run in the sandbox, HOME set, before all).

How a block runs:
- A block that starts with `#!` or holds a here-document (`<<`) is a script: written to a
  file and run whole (with bash when it names no interpreter).
- Any other block is a list of commands: one per line (a line ending in `\\` continues on
  the next), comment lines skipped, each run on its own with bash.
- A crontab line (five time fields, then the command; or six with a user, as in
  /etc/cron.d) runs as cron would run it: its command through `sh -c` in a bare
  environment (HOME, LOGNAME, SHELL, PATH; no PM_HISTORY, so the default store
  ~/.local/state/pm is used), with `\\%` turned into `%` as cron does.
- A command whose line says "until Ctrl-C" runs for 3 seconds, then gets SIGINT: it must
  have written something and must not have failed before.
- Every other command must exit 0 within 60 s, with nothing on stderr that says "error".
- A block just after `<!-- readme-test: skip REASON -->` is not run: REASON names the test
  that checks it instead (the build commands, which rebuild the tree).

The sandbox (one for the whole file, as a user follows it in order on one account):
- the pm tools are shims that run $PM_BIN's with `--now` pinned (2026-11-22T10:00:30Z),
  so records, retention and windows do not depend on the day the test runs;
- PM_PROC_ROOT and PM_SYS_ROOT point pm-sample at tests/fixtures/proc/t1;
- HOME, PM_HISTORY and the working directory are fresh temporary directories (nothing
  such as ~/.cache/pm exists beforehand, as on a fresh account); the working directory
  holds a Makefile with a `check` target for `--run ... make check`;
- paths that need root are moved under a scratch root: /var/lib/ and /usr/local/bin/
  become SANDBOX/root/var/lib/ and SANDBOX/root/usr/local/bin/ (where `page` is a stub
  that logs its arguments and stdin); `mail` and `logger` are stubs that log;
- localhost:8080 (a web server answering /health and /healthz) and localhost:9100 (a
  Prometheus endpoint at /metrics) are local servers on free ports, the URLs rewritten to
  them; localhost:5432 stays closed, which a --check reports as down (data, not failure).
"""

import http.server
import json
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading

NOW = "2026-11-22T10:00:30Z"
TOOLS = ["pm-sample", "pm-ingest", "pm-alert", "pm-report", "pm-predict"]
CRON_FIELD = r"[0-9*/,\-]+"
CRON_LINE = re.compile(r"^(?:" + CRON_FIELD + r"\s+){4}" + CRON_FIELD + r"\s+(?:(root)\s+)?(.*)$")


def blocks(path):
    """(line number, text, skip reason) of each ```sh block."""
    lines = open(path, encoding="utf-8").read().split("\n")
    out = []
    i = 0
    skip = None
    while i < len(lines):
        line = lines[i]
        marker = re.match(r"^<!-- readme-test: skip (.*) -->$", line)
        if marker:
            skip = marker.group(1)
        elif line.strip() == "```sh":
            start = i + 1
            j = start
            while lines[j].strip() != "```":
                j += 1
            out.append((start + 1, "\n".join(lines[start:j]), skip))
            skip = None
            i = j
        elif line.strip():
            skip = None  # a marker belongs to the block right after it
        i += 1
    return out


def unescape_groff(line):
    """A line of a man page's example as the reader sees it."""
    for old, new in (("\\(aq", "'"), ("\\(dq", '"'), ("\\(em", "--"), ("\\-", "-"), ("\\ ", " "),
                     ("\\&", ""), ("\\fB", ""), ("\\fI", ""), ("\\fR", ""), ("\\fP", ""), ("\\e", "\\")):
        line = line.replace(old, new)
    return line


def man_blocks(path):
    """(line number, text, kind, argument) of each block of the EXAMPLES section, where kind
    is "run", "skip", "output" or "file" as the comment before it says."""
    lines = open(path, encoding="utf-8").read().split("\n")
    out = []
    section = None
    marker = ("run", "")
    block = None
    for number, line in enumerate(lines, 1):
        if line.startswith(".SH"):
            section = line[3:].strip().strip('"')
            continue
        if section != "EXAMPLES":
            continue
        m = re.match(r'^\.\\" example: (skip|output|file)\s*(.*)$', line)
        if m:
            marker = (m.group(1), m.group(2))
        elif line in (".EX", ".nf"):
            block = (number + 1, [])
        elif line in (".EE", ".fi") and block:
            out.append((block[0], "\n".join(block[1]), marker[0], marker[1]))
            block = None
            marker = ("run", "")
        elif block is not None:
            block[1].append(unescape_groff(line))
    return out


def runs_forever(command):
    """pm-sample sampling with no --count, or a --follow: the command of a live view."""
    try:
        words = shlex.split(command)
    except ValueError:
        words = command.split()
    sampling = "pm-sample" in words and ("-i" in words or "--interval" in words) \
        and "-c" not in words and "--count" not in words
    return sampling or "--follow" in words


def commands(text):
    """Logical lines of a block: continuations joined, comments and blank lines left out."""
    out = []
    current = ""
    for line in text.split("\n"):
        if not current and (not line.strip() or line.lstrip().startswith("#")):
            continue
        if line.endswith("\\"):
            current += line[:-1] + " "
            continue
        current += line
        # A pipe, a quote or a loop that goes on over the next lines is one command.
        if subprocess.run(["bash", "-n", "-c", current], stderr=subprocess.DEVNULL).returncode != 0:
            current += "\n"
            continue
        out.append(current)
        current = ""
    if current:
        out.append(current)
    return out


class Handler(http.server.BaseHTTPRequestHandler):
    body = {
        "/health": ("text/plain", b"ok\n"),
        "/healthz": ("text/plain", b"ok\n"),
        "/metrics": ("text/plain; version=0.0.4", b"# TYPE up gauge\nup 1\nnode_load1 0.52\n"),
    }

    def do_GET(self):
        kind, body = self.body.get(self.path, ("text/plain", None))
        self.send_response(200 if body else 404)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body or b"")))
        self.end_headers()
        self.wfile.write(body or b"")

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def serve():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, server.server_address[1]


def write_exec(path, text):
    with open(path, "w") as f:
        f.write(text)
    os.chmod(path, 0o755)


class Sandbox:
    def __init__(self, base, web_port, metrics_port):
        self.dir = tempfile.mkdtemp(dir=base)
        self.home = os.path.join(self.dir, "home")
        self.work = os.path.join(self.dir, "work")
        self.root = os.path.join(self.dir, "root")
        self.shims = os.path.join(self.dir, "shims")
        self.log = os.path.join(self.dir, "log")
        for d in (self.home, self.work, self.shims, os.path.join(self.root, "usr/local/bin")):
            os.makedirs(d)
        bin_dir = os.environ["PM_BIN"]
        for tool in TOOLS:
            if os.path.exists(os.path.join(bin_dir, tool)):
                write_exec(os.path.join(self.shims, tool),
                           f'#!/bin/sh\nexec "{bin_dir}/{tool}" --now {NOW} "$@"\n')
        if os.path.exists(os.path.join(bin_dir, "pm")):
            shutil.copy(os.path.join(bin_dir, "pm"), os.path.join(self.shims, "pm"))
        for stub in ("mail", "logger"):
            write_exec(os.path.join(self.shims, stub),
                       f'#!/bin/sh\n{{ echo "{stub} $*"; [ -t 0 ] || [ "{stub}" = logger ] || cat; }} >> "{self.log}"\n')
        write_exec(os.path.join(self.root, "usr/local/bin/page"),
                   f'#!/bin/sh\n{{ echo "page $*"; cat; echo; }} >> "{self.log}"\n')
        with open(os.path.join(self.work, "Makefile"), "w") as f:
            f.write("check:\n\t@echo all tests passed\n")
        fixtures = os.path.join(os.environ["PM_SOURCE"], "tests/fixtures/proc/t1")
        self.fixture_env = {"PM_PROC_ROOT": os.path.join(fixtures, "proc"),
                            "PM_SYS_ROOT": os.path.join(fixtures, "sys")}
        self.rewrites = [("localhost:8080", f"127.0.0.1:{web_port}"),
                         ("localhost:9100", f"127.0.0.1:{metrics_port}"),
                         ("localhost:9093", f"127.0.0.1:{web_port}"),
                         ("/var/www/", self.root + "/var/www/"),
                         ("/var/lib/", self.root + "/var/lib/"),
                         ("/var/cache/", self.root + "/var/cache/"),
                         ("/usr/local/bin/", self.root + "/usr/local/bin/")]
        self.path = self.shims + ":" + os.environ["PATH"]

    def rewrite(self, text):
        for old, new in self.rewrites:
            text = text.replace(old, new)
        return text

    def user_env(self):
        env = dict(os.environ)
        for key in ("PM_HISTORY", "XDG_STATE_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
            env.pop(key, None)
        env.update(self.fixture_env)
        env.update(HOME=self.home, PATH=self.path, PM_HISTORY=os.path.join(self.dir, "history"),
                   GITHUB_STEP_SUMMARY=os.path.join(self.dir, "step-summary.md"))
        return env

    def cron_env(self):
        env = {"HOME": self.home, "LOGNAME": "pm", "SHELL": "/bin/sh", "PATH": self.path}
        env.update(self.fixture_env)
        return env


def run(argv, env, cwd, until_interrupted):
    process = subprocess.Popen(argv, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               start_new_session=True)
    try:
        out, err = process.communicate(timeout=3 if until_interrupted else 60)
        timed_out = False
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGINT)
        out, err = process.communicate(timeout=10)
        timed_out = True
    return process.returncode, timed_out, out.decode(errors="replace"), err.decode(errors="replace")


def check_one(where, command, sandbox, cron, extra_env=None, argv=None, forever=False):
    until_interrupted = "until Ctrl-C" in command or forever
    text = sandbox.rewrite(command)
    if argv is not None:
        env = sandbox.cron_env()
        env.update(extra_env or {})
        status, timed_out, out, err = run([sandbox.rewrite(a) for a in argv], env, "/", False)
    elif cron:
        m = CRON_LINE.match(text.strip())
        text = m.group(2).replace("\\%", "%")
        env = sandbox.cron_env()
        env.update(extra_env or {})
        status, timed_out, out, err = run(["sh", "-c", text], env, sandbox.home, False)
    else:
        status, timed_out, out, err = run(["bash", "-c", text], sandbox.user_env(), sandbox.work, until_interrupted)
    problems = []
    if until_interrupted:
        if not timed_out:
            problems.append(f"ended by itself (status {status}) before Ctrl-C")
        if not out and not forever:
            problems.append("wrote nothing before Ctrl-C")
    elif timed_out:
        problems.append("did not finish in 60 s")
    elif status != 0:
        problems.append(f"exit status {status}")
    if re.search(r"\berror\b", err, re.IGNORECASE):
        problems.append("stderr says error")
    report = f"{where}: {'cron: ' if cron else ''}{command.strip()}"
    if out.strip() and argv is None and cron:
        report += "\n     mail: " + out.strip().replace("\n", "\n           ")
    if problems:
        print(f"FAIL {report}: {'; '.join(problems)}\n--- stdout\n{out[-2000:]}--- stderr\n{err[-2000:]}")
        return False
    print(f"ok   {report}" + (f"\n     stderr: {err.strip()}" if err.strip() else ""))
    return True


ENV_LINE = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$")


def run_crontab(path, sandbox):
    """Each line of a crontab once, in order, as cron runs it; the failures counted."""
    env = {}
    failed = 0
    for number, line in enumerate(open(path, encoding="utf-8").read().split("\n"), 1):
        where = f"{path}:{number}"
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        assignment = ENV_LINE.match(line.strip())
        if assignment and not CRON_LINE.match(line.strip()):
            value = assignment.group(2)
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
                value = value[1:-1]
            env[assignment.group(1)] = sandbox.rewrite(value)
            print(f"ok   {where}: env {assignment.group(1)}={value}")
        elif CRON_LINE.match(line.strip()):
            failed += not check_one(where, line, sandbox, True, env)
        else:
            print(f"FAIL {where}: neither a crontab line nor NAME=VALUE: {line}")
            failed += 1
    return failed


def systemd_unescape(where, text):
    """An ExecStart= value as systemd passes it on: %% is %, $$ is $; other specifiers and
    variables are not emulated and raise ValueError."""
    if re.search(r"%[^%]", text.replace("%%", "")):
        raise ValueError(f"{where}: a systemd specifier the test does not emulate: {text}")
    if re.search(r"\$[^$]", text.replace("$$", "")):
        raise ValueError(f"{where}: a systemd variable the test does not emulate: {text}")
    return text.replace("%%", "%").replace("$$", "$")


def run_units(paths, sandbox):
    """The ExecStart= of each service, in order, as systemd starts it; the failures counted."""
    failed = 0
    for path in paths:
        env, starts = {}, []
        for number, line in enumerate(open(path, encoding="utf-8").read().split("\n"), 1):
            key, _, value = line.strip().partition("=")
            if key == "Environment":
                for word in shlex.split(value):
                    name, _, val = word.partition("=")
                    env[name] = sandbox.rewrite(val)
            elif key in ("StateDirectory", "CacheDirectory"):
                base = {"StateDirectory": "/var/lib/", "CacheDirectory": "/var/cache/"}[key]
                for name in value.split():
                    os.makedirs(sandbox.rewrite(base + name), mode=0o755, exist_ok=True)
            elif key == "ExecStart":
                starts.append((number, value))
        if not starts:
            print(f"FAIL {path}: no ExecStart=")
            failed += 1
        for number, value in starts:
            where = f"{path}:{number}"
            try:
                argv = shlex.split(systemd_unescape(where, value))
            except ValueError as e:
                print(f"FAIL {e}")
                failed += 1
                continue
            failed += not check_one(where, value, sandbox, False, env, argv)
    return failed


def run_script(where, text, sandbox):
    script = os.path.join(sandbox.work, "block.sh")
    write_exec(script, ("" if text.startswith("#!") else "#!/bin/bash\n") + sandbox.rewrite(text) + "\n")
    status, _, out, err = run([script], sandbox.user_env(), sandbox.work, False)
    log = open(sandbox.log).read() if os.path.exists(sandbox.log) else ""
    ok = status == 0 and not re.search(r"\berror\b", err, re.IGNORECASE)
    print(f"{'ok  ' if ok else 'FAIL'} {where}: script, exit status {status}\n     log: "
          + log.strip().replace("\n", "\n          ")
          + (f"\n     stderr: {err.strip()}" if err.strip() else ""))
    return ok


def history_records():
    """The store the man pages' -H examples read: 21 days of hourly samples before the pinned
    clock, with a daily cycle, slow growth and a little noise (deterministic): CPU, memory,
    swap, /var's usage and free bytes, and the database module's request latency."""
    import datetime
    import math
    now = datetime.datetime(2026, 11, 22, 10, 0, tzinfo=datetime.timezone.utc)
    for hour in range(21 * 24, 0, -1):
        t = (now - datetime.timedelta(hours=hour)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
        day = math.sin(2 * math.pi * ((21 * 24 - hour) % 24) / 24)
        noise = ((hour * 7919) % 13) / 13 - 0.5
        grown = (21 * 24 - hour) / (21 * 24)
        yield {"ts": t, "name": "system.cpu.usage", "value": round(35 + 15 * day + 4 * noise, 2),
               "unit": "percent", "tags": {"cpu": "total", "host": "web-01"}}
        yield {"ts": t, "name": "system.memory.usage", "value": round(50 + 20 * grown + 2 * noise, 2),
               "unit": "percent", "tags": {"host": "web-01"}}
        yield {"ts": t, "name": "system.swap.usage", "value": round(5 + 10 * grown + noise, 2),
               "unit": "percent", "tags": {"host": "web-01"}}
        yield {"ts": t, "name": "system.filesystem.usage", "value": round(60 + 15 * grown + noise, 2),
               "unit": "percent", "tags": {"host": "web-01", "mount": "/var"}}
        yield {"ts": t, "name": "system.filesystem.free", "value": round((40 - 15 * grown) * 1e9),
               "unit": "bytes", "tags": {"host": "web-01", "mount": "/var"}}
        yield {"ts": t, "name": "api.request.duration", "value": round(0.2 + 0.1 * day + 0.02 * noise, 4),
               "unit": "seconds", "tags": {"module": "db", "endpoint": "/api/users", "status": "200"}}


def run_man(paths, sandbox):
    """The EXAMPLES blocks of each page, in order, in one sandbox; the failures counted."""
    fixtures = os.path.join(os.environ["PM_SOURCE"], "tests/fixtures/man")
    history = os.path.join(sandbox.dir, "history.ndjson")
    with open(history, "w") as f:
        f.writelines(json.dumps(r, separators=(",", ":")) + "\n" for r in history_records())
    status, _, out, err = run(["pm-ingest", history], sandbox.user_env(), sandbox.work, False)
    if status != 0:
        print(f"FAIL the history for the examples: pm-ingest exit status {status}\n{err}")
        return 1
    for name in os.listdir(fixtures):
        if name == "README":
            continue
        shutil.copy(os.path.join(fixtures, name), sandbox.work)
        shutil.copy(os.path.join(fixtures, name), sandbox.home)
    failed = 0
    for path in paths:
        for line, text, kind, argument in man_blocks(path):
            where = f"{path}:{line}"
            if kind in ("skip", "output"):
                print(f"skip {where}: {kind} {argument}".rstrip())
                if kind == "skip" and not re.search(r"tests/e2e/[a-z_]+\.bats", argument):
                    print(f"FAIL {where}: a skipped example must name the test that checks it")
                    failed += 1
                continue
            if kind == "file":
                target = os.path.expanduser(argument.replace("~", sandbox.home, 1)) if argument.startswith("~") \
                    else os.path.join(sandbox.work, argument)
                os.makedirs(os.path.dirname(target), exist_ok=True)
                with open(sandbox.rewrite(target), "w") as f:
                    f.write(text + "\n")
                print(f"ok   {where}: file {argument}")
                continue
            if text.startswith("#!") or "<<" in text:
                failed += not run_script(where, text, sandbox)
                continue
            for command in commands(text):
                failed += not check_one(where, command, sandbox, bool(CRON_LINE.match(command.strip())),
                                        forever=runs_forever(command))
    return failed


def main():
    args = sys.argv[1:]
    keep = setup = None
    while args and args[0] in ("--keep", "--setup"):
        if args[0] == "--keep":
            keep = args[1]
        else:
            setup = args[1]
        args = args[2:]
    mode = args.pop(0) if args and args[0] in ("--crontab", "--units", "--man") else None
    path = args[0]
    found = blocks(path) if mode is None else []
    if "--list" in args[1:]:
        for line, text, skip in found:
            print(f"{path}:{line}: {'skip (' + skip + ')' if skip else 'run'}")
        return 0
    web, web_port = serve()
    metrics, metrics_port = serve()
    base = keep or tempfile.mkdtemp()
    sandbox = Sandbox(base, web_port, metrics_port)
    failed = 0
    try:
        if setup:
            status, _, out, err = run(["bash", "-c", sandbox.rewrite(setup)], sandbox.user_env(), sandbox.work, False)
            if status != 0:
                print(f"FAIL setup: {setup}: exit status {status}\n{out}{err}")
                return 1
        if mode == "--crontab":
            failed += run_crontab(path, sandbox)
        elif mode == "--units":
            failed += run_units(args, sandbox)
        elif mode == "--man":
            failed += run_man(args, sandbox)
        for line, text, skip in found:
            where = f"{path}:{line}"
            if skip:
                print(f"skip {where}: {skip}")
                continue
            if text.startswith("#!") or "<<" in text:
                failed += not run_script(where, text, sandbox)
                continue
            for command in commands(text):
                failed += not check_one(where, command, sandbox, bool(CRON_LINE.match(command.strip())))
    finally:
        web.shutdown()
        metrics.shutdown()
        if not keep:
            shutil.rmtree(base, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
