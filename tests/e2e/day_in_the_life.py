#!/usr/bin/python3
"""A fixture day for tests/e2e/day_in_the_life.bats: one /proc tree per 5-minute cron run.

    day_in_the_life.py DIR

writes DIR/plan.ndjson (one line per run: its index, time, and the CPU and memory usage the
run's tree is built to give) and DIR/run-NNN/proc (NNN = 000 ... 288) for the runs of
2026-11-22, 00:00 to 23:55, after one at 23:55 the day before (run 000) whose state the day's
first run takes its CPU deltas from. Deterministic: no randomness, no clock.

The day a test checks it against:
- CPU (two cores, 100 ticks/s, so 60000 ticks of the total line per 5 minutes): quiet,
  12..54 %, with a daily cycle; busy (86..97 %) for the six intervals that end at 13:05 ...
  13:30; exactly 80 % (not above the high_cpu threshold) at 09:00.
- Memory climbs from 49.875 % to 85.875 % in steps of 1/8 point: exactly 85 % at 23:20,
  above 85 % (high_memory) from 23:25.
- Load follows the CPU; the counters of the system collector advance too.
"""

import datetime
import json
import os
import sys

DAY = datetime.datetime(2026, 11, 22, tzinfo=datetime.timezone.utc)
RUNS = 289  # run 0 is yesterday's 23:55; runs 1..288 are the day
TICKS_PER_CORE = 30000  # 300 s at USER_HZ 100
MEM_TOTAL_KB = 16000000
BUSY = {157: 86, 158: 92, 159: 95, 160: 97, 161: 90, 162: 88}  # 13:05 .. 13:30
NEAR_MISS = {108: 80}  # 09:00


def cpu_percent(slot):
    """CPU usage (integer percent) over the 5 minutes that end at slot (0 = 00:00)."""
    if slot in BUSY:
        return BUSY[slot]
    if slot in NEAR_MISS:
        return NEAR_MISS[slot]
    working_hours = 96 <= slot < 216  # 08:00 .. 17:55
    return 12 + (slot * 37) % 23 + (20 if working_hours else 0)


def memory_used_kb(slot):
    # (400 + slot) / 8 percent of the total: exact in binary floating point.
    return 20000 * (400 + slot)


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def main():
    out = sys.argv[1]
    cores = [[0] * 8 for _ in range(2)]  # user nice system idle iowait irq softirq steal
    ctxt, processes = 5000000, 100000
    plan = []
    for run in range(RUNS):
        slot = run - 1  # run 0 is slot -1, yesterday's 23:55
        when = DAY + datetime.timedelta(minutes=5 * slot)
        percent = cpu_percent(slot)
        for core in cores:
            busy = 300 * percent  # per core: percent of 30000 ticks
            core[0] += busy * 3 // 4  # user
            core[2] += busy - busy * 3 // 4  # system
            idle = TICKS_PER_CORE - busy
            core[4] += idle // 20  # iowait counts as idle in usage
            core[3] += idle - idle // 20
        ctxt += 600000 + 3000 * percent
        processes += 1500
        total = [a + b for a, b in zip(*cores)]
        fmt = lambda label, v: label + " " + " ".join(str(x) for x in v) + " 0 0\n"
        stat = (fmt("cpu ", total) + fmt("cpu0", cores[0]) + fmt("cpu1", cores[1]) +
                f"intr {ctxt // 5} 0\nctxt {ctxt}\nbtime 1763700000\nprocesses {processes}\n"
                f"procs_running {1 + percent // 30}\nprocs_blocked 0\n")
        used = memory_used_kb(slot)
        available = MEM_TOTAL_KB - used
        meminfo = (f"MemTotal:       {MEM_TOTAL_KB} kB\nMemFree:        {available // 2} kB\n"
                   f"MemAvailable:   {available} kB\nBuffers:          200000 kB\n"
                   f"Cached:         {available // 3} kB\nSwapCached:            0 kB\n"
                   f"SwapTotal:       2000000 kB\nSwapFree:        2000000 kB\n")
        load = percent * 2 / 100
        root = os.path.join(out, f"run-{run:03d}", "proc")
        write(os.path.join(root, "stat"), stat)
        write(os.path.join(root, "meminfo"), meminfo)
        write(os.path.join(root, "loadavg"), f"{load:.2f} {load * 0.8:.2f} {load * 0.6:.2f} 2/300 4242\n")
        write(os.path.join(root, "uptime"), f"{1000000 + 300 * run}.00 {1800000 + 400 * run}.00\n")
        write(os.path.join(root, "sys/kernel/random/boot_id"), "5d0c1e2a-1b2c-4d3e-8f4a-0123456789ab\n")
        plan.append({"run": run, "ts": when.strftime("%Y-%m-%dT%H:%M:%S.000Z"), "cpu": percent,
                     "memory": used * 100.0 / MEM_TOTAL_KB})
    with open(os.path.join(out, "plan.ndjson"), "w") as f:
        for line in plan:
            f.write(json.dumps(line) + "\n")


if __name__ == "__main__":
    main()
