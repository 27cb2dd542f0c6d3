#!/usr/bin/env bats
# pm-sample against the reference tools on this machine, over the same interval:
# vmstat (cpu ±5 points), free -b (memory ±2 %), df (usage ±0.5 points),
# /proc/net/dev (byte rates ±25 %) and ss (TCP states).

setup() {
  sample="$PM_BIN/pm-sample"
  out="$BATS_TEST_TMPDIR/out"
}

value() { jq -r "select($1) | .value" "$out" | head -n 1; }
within() { awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= t) }'; }

@test "cpu idle and usage agree with vmstat over the same 2 s" {
  # shows cpu percentages match vmstat's us+sy, id and wa columns within 5 points
  vmstat -n 2 2 > "$BATS_TEST_TMPDIR/vmstat" &
  "$sample" --window 2s --collect cpu > "$out"
  wait
  read -r us sy id wa st < <(tail -n 1 "$BATS_TEST_TMPDIR/vmstat" | awk '{ print $13, $14, $15, $16, $17 }')
  idle=$(value '.name=="system.cpu.idle" and .tags.cpu=="total"')
  usage=$(value '.name=="system.cpu.usage" and .tags.cpu=="total"')
  echo "vmstat us=$us sy=$sy id=$id wa=$wa; pm-sample idle=$idle usage=$usage"
  within "$idle" "$id" 5
  within "$usage" "$((100 - id - wa))" 5
}

@test "memory agrees with free -b" {
  # shows total is exact and used/available (procps definitions) within 2 %
  "$sample" --window 0 --collect memory > "$out"
  read -r total used available < <(free -b | awk '/^Mem:/ { print $2, $3, $7 }')
  [ "$(value '.name=="system.memory.total"')" = "$total" ]
  pm_used=$(value '.name=="system.memory.used"')
  pm_available=$(value '.name=="system.memory.available"')
  echo "free used=$used available=$available; pm-sample used=$pm_used available=$pm_available"
  within "$pm_used" "$used" "$(( total / 50 ))"
  within "$pm_available" "$available" "$(( available / 50 ))"
  within "$(value '.name=="system.memory.usage"')" "$(awk -v u="$used" -v t="$total" 'BEGIN { print u * 100 / t }')" 2
}

@test "filesystem usage of / agrees with df" {
  # shows Use% is computed as df does (rounded up), size and used in bytes
  "$sample" --window 0 --collect filesystem > "$out"
  read -r size used avail pct < <(df -P -B1 / | awk 'NR == 2 { sub("%", "", $5); print $2, $3, $4, $5 }')
  pm_pct=$(value '.name=="system.filesystem.usage" and .tags.mount=="/"')
  echo "df $size $used $avail $pct%; pm-sample usage=$pm_pct"
  within "$pm_pct" "$pct" 0.5
  [ "$(value '.name=="system.filesystem.size" and .tags.mount=="/"')" = "$size" ]
  within "$(value '.name=="system.filesystem.used" and .tags.mount=="/"')" "$used" 104857600
  # pseudo filesystems are left out
  [ -z "$(jq -r 'select(.tags.fstype=="proc" or .tags.fstype=="sysfs" or .tags.fstype=="tmpfs") | .name' "$out")" ]
}

@test "network byte rates agree with /proc/net/dev over the same window" {
  # shows rx/tx bytes/s on lo within 25 % while a steady stream runs over loopback
  python3 - "$BATS_TEST_TMPDIR/port" <<'PY' &
import socket, sys, threading, time
server = socket.socket(); server.bind(("127.0.0.1", 0)); server.listen(1)
open(sys.argv[1], "w").write(str(server.getsockname()[1]))
def drain():
    conn, _ = server.accept()
    while conn.recv(65536): pass
threading.Thread(target=drain, daemon=True).start()
client = socket.create_connection(server.getsockname())
chunk = b"x" * 20000
end = time.time() + 5
while time.time() < end:        # about 2 MB/s, steady
    client.sendall(chunk); time.sleep(0.01)
PY
  sleep 1
  before=$(awk '$1 == "lo:" { print $2, $10 }' /proc/net/dev)
  t0=$(date +%s%N)
  "$sample" --window 2s --collect network > "$out"
  t1=$(date +%s%N)
  after=$(awk '$1 == "lo:" { print $2, $10 }' /proc/net/dev)
  wait
  rx_rate=$(awk -v b="$before" -v a="$after" -v t="$(( t1 - t0 ))" 'BEGIN { split(b, x); split(a, y); print (y[1] - x[1]) / (t / 1e9) }')
  pm_rx=$(value '.name=="system.network.rx_bytes" and .tags.interface=="lo"')
  pm_tx=$(value '.name=="system.network.tx_bytes" and .tags.interface=="lo"')
  echo "/proc/net/dev lo rx=$rx_rate B/s; pm-sample rx=$pm_rx tx=$pm_tx"
  awk -v p="$pm_rx" -v r="$rx_rate" 'BEGIN { exit !(r > 100000 && p >= r * 0.75 && p <= r * 1.25) }'
  within "$pm_tx" "$pm_rx" "$(awk -v p="$pm_rx" 'BEGIN { print p * 0.01 }')" # loopback: tx = rx
}

@test "TCP connection counts by state agree with ss" {
  # shows established and listening counts match ss -tan, with connections held open
  python3 - "$BATS_TEST_TMPDIR/ready" <<'PY' &
import socket, sys, time
server = socket.socket(); server.bind(("127.0.0.1", 0)); server.listen(8)
clients = [socket.create_connection(server.getsockname()) for _ in range(4)]
accepted = [server.accept()[0] for _ in range(4)]
open(sys.argv[1], "w").write("ok")
time.sleep(4)
PY
  for _ in $(seq 50); do [ -s "$BATS_TEST_TMPDIR/ready" ] && break; sleep 0.1; done
  ss_est=$(ss -Htan state established | wc -l)
  ss_listen=$(ss -Htan state listening | wc -l)
  "$sample" --window 0 --collect tcp > "$out"
  wait
  pm_est=$(value '.name=="system.tcp.connections" and .tags.state=="established"')
  pm_listen=$(value '.name=="system.tcp.connections" and .tags.state=="listen"')
  echo "ss established=$ss_est listen=$ss_listen; pm-sample established=$pm_est listen=$pm_listen"
  [ "$pm_est" -ge 8 ]
  within "$pm_est" "$ss_est" 2 # other engineers' connections may come and go between the two reads
  within "$pm_listen" "$ss_listen" 1
}
