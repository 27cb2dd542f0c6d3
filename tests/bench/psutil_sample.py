# The psutil reference for tests/bench/sample.sh: the same families as pm-sample, N samples.
import sys
import time

import psutil

count = int(sys.argv[1]) if len(sys.argv) > 1 else 1
spacing = float(sys.argv[2]) if len(sys.argv) > 2 else 0.2
tcp = not (len(sys.argv) > 3 and sys.argv[3] == "notcp")
out = []
deadline = time.monotonic()
for i in range(count):
    if i:
        deadline += spacing
        time.sleep(max(0, deadline - time.monotonic()))
    out.append(psutil.cpu_times_percent(percpu=True))
    out.append(psutil.cpu_times_percent())
    out.append(psutil.getloadavg())
    out.append(psutil.virtual_memory())
    out.append(psutil.swap_memory())
    out.append(psutil.disk_io_counters(perdisk=True))
    for part in psutil.disk_partitions():
        out.append(psutil.disk_usage(part.mountpoint))
    out.append(psutil.net_io_counters(pernic=True))
    if tcp:
        states = {}
        for conn in psutil.net_connections("tcp"):
            states[conn.status] = states.get(conn.status, 0) + 1
        out.append(states)
    out.append(len(psutil.pids()))
    out.append(psutil.cpu_stats())
    out.append(psutil.boot_time())
print(len(out))
