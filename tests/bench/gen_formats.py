#!/usr/bin/env python3
"""Generates inputs for the format parser benchmark: the same N samples as Prometheus text,
InfluxDB line protocol, CSV and NDJSON, written to DIR/bench.{prom,lp,csv,ndjson}."""
import random
import sys


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: gen_formats.py DIR SAMPLES")
    out_dir, count = sys.argv[1], int(sys.argv[2])
    rng = random.Random(42)
    hosts = [f"web-{i:02d}" for i in range(20)]
    endpoints = ["/api/users", "/api/orders", "/api/login", "/health", "/api/search"]
    start_ms = 1_700_000_000_000
    with open(f"{out_dir}/bench.prom", "w") as prom, open(f"{out_dir}/bench.lp", "w") as lp, \
            open(f"{out_dir}/bench.csv", "w") as csv, open(f"{out_dir}/bench.ndjson", "w") as nd:
        prom.write("# HELP http_request_duration_seconds Request latency.\n"
                   "# TYPE http_request_duration_seconds gauge\n")
        csv.write("ts,name,value,unit,host,endpoint,method\n")
        for i in range(count):
            host = hosts[i % len(hosts)]
            endpoint = endpoints[(i // 7) % len(endpoints)]
            value = round(rng.lognormvariate(-2.0, 0.7), 6)
            ms = start_ms + i * 10
            prom.write(f'http_request_duration_seconds{{host="{host}",endpoint="{endpoint}",method="GET"}} '
                       f'{value} {ms}\n')
            lp.write(f"http,host={host},endpoint={endpoint},method=GET duration={value},bytes={i % 5000}i "
                     f"{ms}000000\n")
            csv.write(f"{ms / 1000:.3f},http.request.duration,{value},seconds,{host},{endpoint},GET\n")
            nd.write(f'{{"ts":{ms / 1000:.3f},"name":"http.request.duration","value":{value},"unit":"seconds",'
                     f'"tags":{{"endpoint":"{endpoint}","host":"{host}","method":"GET"}}}}\n')


if __name__ == "__main__":
    main()
