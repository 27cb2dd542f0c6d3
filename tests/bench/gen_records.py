#!/usr/bin/env python3
"""Generates realistic pm records (NDJSON, ~150 bytes each) for the ingest and store benchmarks.

Mixes system samples (cpu, memory, disk, network, load) with api.request.duration samples
tagged by endpoint, method, status and module, in time order from --start over --span.
--style canonical writes what pm-sample writes (canonical JSON); --style loose writes the
same records the way other producers do (epoch-seconds ts, unsorted tags, blanks), so that
pm-ingest must parse and re-serialise every line.
"""
import argparse
import datetime
import random
import sys

ENDPOINTS = ["/api/users", "/api/orders", "/api/products", "/api/search", "/api/login", "/api/cart"]
MODULES = {"/api/users": "accounts", "/api/orders": "orders", "/api/products": "catalog",
           "/api/search": "search", "/api/login": "accounts", "/api/cart": "orders"}
METHODS = ["GET", "GET", "GET", "POST", "PUT", "DELETE"]
SYSTEM = [
    ("system.cpu.usage", "percent", lambda r: {"cpu": "total", "host": "web-%02d" % r.randrange(4)}),
    ("system.memory.usage", "percent", lambda r: {"host": "web-%02d" % r.randrange(4)}),
    ("system.disk.read_bytes", "bytes/s", lambda r: {"device": r.choice(["sda", "sdb", "nvme0n1"]), "host": "web-%02d" % r.randrange(4)}),
    ("system.network.receive_bytes", "bytes/s", lambda r: {"host": "web-%02d" % r.randrange(4), "interface": r.choice(["eth0", "eth1"])}),
    ("system.load.1m", "", lambda r: {"host": "web-%02d" % r.randrange(4)}),
]


def iso(ms):
    t = datetime.datetime.fromtimestamp(ms // 1000, tz=datetime.timezone.utc)
    return t.strftime("%Y-%m-%dT%H:%M:%S") + ".%03dZ" % (ms % 1000)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--start", default="2026-11-21T00:00:00Z", help="time of the first record (UTC)")
    parser.add_argument("--span", type=float, default=86400.0, help="seconds the records cover")
    parser.add_argument("--style", choices=["canonical", "loose"], default="canonical")
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()

    rnd = random.Random(args.seed)
    start = int(datetime.datetime.fromisoformat(args.start.replace("Z", "+00:00")).timestamp() * 1000)
    step = args.span * 1000.0 / max(args.count, 1)
    loose = args.style == "loose"
    out = sys.stdout
    chunk = []
    for i in range(args.count):
        ms = start + int(i * step)
        if rnd.random() < 0.6:
            endpoint = rnd.choice(ENDPOINTS)
            status = "200" if rnd.random() > 0.03 else rnd.choice(["404", "500", "503"])
            name, unit = "api.request.duration", "seconds"
            value = round(rnd.lognormvariate(-2.0, 0.8), 6)
            tags = {"endpoint": endpoint, "method": rnd.choice(METHODS), "module": MODULES[endpoint], "status": status}
        else:
            name, unit, make_tags = rnd.choice(SYSTEM)
            tags = make_tags(rnd)
            value = round(rnd.uniform(0, 100), 2) if unit in ("percent", "") else rnd.randrange(1 << 24)
        if loose:
            items = list(tags.items())
            rnd.shuffle(items)
            tag_text = ", ".join('"%s": "%s"' % kv for kv in items)
            unit_text = ', "unit": "%s"' % unit if unit else ""
            chunk.append('{"name": "%s", "ts": %d.%03d, "value": %r%s, "tags": {%s}}\n'
                         % (name, ms // 1000, ms % 1000, value, unit_text, tag_text))
        else:
            tag_text = ",".join('"%s":"%s"' % (k, tags[k]) for k in sorted(tags))
            unit_text = ',"unit":"%s"' % unit if unit else ""
            chunk.append('{"ts":"%s","name":"%s","value":%r%s,"tags":{%s}}\n' % (iso(ms), name, value, unit_text, tag_text))
        if len(chunk) >= 10000:
            out.write("".join(chunk))
            chunk = []
    out.write("".join(chunk))


if __name__ == "__main__":
    main()
