#!/usr/bin/env python3
"""Who used the CPU during a measurement? (Linux /proc; standard library only.)

  cpuwatch.py OUT_FILE [PID ...]   samples /proc every second until SIGTERM/SIGINT, then reports

The machine is shared: other people's builds and test JVMs can start in the middle of a run and
steal the two cores from the system under test. This attributes CPU time to processes: "ours" (the
PIDs given: the suite's services, Kafka, Keycloak; PostgreSQL's own processes and its backends for
the benchmark's databases, with SUITE_DB_SUFFIX when set; wrk, OpenLoop and BrokerLoad started from this
checkout's bench/; this watcher) and "foreign" (the rest, including other people's test JVMs, their
PostgreSQL backends and another checkout's benchmark),
plus what no process seen at a sample accounts for (kernel softirq work, processes that lived less
than a second). Percentages are of the whole machine (all cores over the watched wall time).

The report's first line: CPUWATCH wall_s=.. busy_pct=.. ours_pct=.. foreign_pct=.. unattributed_pct=..
then CPUGROUPS (CPU seconds per role: each service, keycloak, upstream, kafka, loadgen, pg:<database>,
pg:server, foreign), CPUJIT (the part of those seconds spent by Java processes' JIT compiler threads),
then the biggest consumers. disturbed_pct = foreign + unattributed: the share of the machine that
went neither to the benchmark's processes nor to interrupts.
"""
import os
import re
import signal
import sys
import time

# Load generators and watchers of this checkout only: another checkout's benchmark is foreign load.
ROOT = re.escape(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OURS = re.compile(rf"^wrk .*{ROOT}/bench/wrk/|{ROOT}/bench/\S*\s(OpenLoop|BrokerLoad|SamlBrokerLoad) --label|{ROOT}/bench/cpuwatch\.py")
PG_BACKEND = re.compile(r"^postgres: [^:]+: \S+ (\S+) (\[local\]|\S+\(\d+\))")
# CPUWATCH_DB_SUFFIX: the stack's SUITE_DB_SUFFIX (a second checkout's databases); groups keep the plain names
DB_SUFFIX = os.environ.get("CPUWATCH_DB_SUFFIX", "")
OUR_DBS = {name + DB_SUFFIX for name in
           ("jitsso_session", "jitsso_gateway", "jitsso_provisioning", "jitsso_migration", "keycloak_bench")}
TICK = os.sysconf("SC_CLK_TCK")
NCPU = os.cpu_count() or 1


def total_busy():
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    # user nice system idle iowait irq softirq steal: irq/softirq time belongs to no process
    return v[0] + v[1] + v[2]


def processes():
    out = {}
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/stat") as f:
                stat = f.read()
            rest = stat[stat.rindex(")") + 2:].split()
            jiffies = int(rest[11]) + int(rest[12])  # utime + stime
            start = int(rest[19])
            out[(int(pid), start)] = jiffies
        except (OSError, ValueError, IndexError):
            continue
    return out


JIT_THREAD = re.compile(r"^C[12] CompilerThre")


def jit_threads(pids):
    """CPU jiffies of the JIT compiler threads of the given processes, per (pid, tid)."""
    out = {}
    for pid in pids:
        try:
            tids = os.listdir(f"/proc/{pid}/task")
        except OSError:
            continue
        for tid in tids:
            try:
                with open(f"/proc/{pid}/task/{tid}/stat") as f:
                    stat = f.read()
                name = stat[stat.index("(") + 1:stat.rindex(")")]
                if not JIT_THREAD.match(name):
                    continue
                rest = stat[stat.rindex(")") + 2:].split()
                out[(pid, int(tid), int(rest[19]))] = int(rest[11]) + int(rest[12])
            except (OSError, ValueError, IndexError):
                continue
    return out


def describe(pid):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            cmd = f.read().replace(b"\0", b" ").decode(errors="replace").strip()
        uid = os.stat(f"/proc/{pid}").st_uid
    except OSError:
        return None, None
    if not cmd:
        try:
            with open(f"/proc/{pid}/comm") as f:
                cmd = "[" + f.read().strip() + "]"
        except OSError:
            cmd = "?"
    return cmd, uid


# First match wins. Load generators first: their arguments hold URLs and user names ("r1-keycloak-17...")
# that other patterns would match.
GROUPS = [
    ("loadgen", re.compile(r"^wrk |OpenLoop --label|BrokerLoad --label")),
    ("gateway", re.compile(r"sso-gateway/")),
    ("session", re.compile(r"session-service/")),
    ("provisioning", re.compile(r"provisioning-service/")),
    ("migration", re.compile(r"migration-service/")),
    ("keycloak", re.compile(r"-Dkc\.script\.pid|keycloak-\d")),
    ("upstream", re.compile(r"mock\.oauth2|mock-idp|SamlIdpStandIn|OidcIdpStandIn")),
    ("kafka", re.compile(r"kafka\.Kafka|/kafka/|kafka_2\.13")),
]


def group_of(cmd):
    """The benchmark role of a process: a service, Keycloak, PostgreSQL per database, ..."""
    if cmd is None:
        return "other"
    m = PG_BACKEND.search(cmd)
    if m:
        db = m.group(1)
        return "pg:" + (db[:-len(DB_SUFFIX)] if DB_SUFFIX and db in OUR_DBS else db)
    if cmd.startswith("postgres"):
        return "pg:server"
    for name, pattern in GROUPS:
        if pattern.search(cmd):
            return name
    return "other"


def main():
    out_file = sys.argv[1]
    our_pids = {int(p) for p in sys.argv[2:] if p.isdigit()}
    stop = []
    signal.signal(signal.SIGTERM, lambda *a: stop.append(1))
    signal.signal(signal.SIGINT, lambda *a: stop.append(1))
    try:
        import pwd
        pg_uid = pwd.getpwnam("postgres").pw_uid
    except (ImportError, KeyError):
        pg_uid = -1
    t0 = time.monotonic()
    busy0 = total_busy()
    first = processes()
    last = dict(first)
    names = {}
    for key in first:
        names[key] = describe(key[0])
    # JIT compiler threads of the Java processes (they come and go: sampled every second too)
    java = {key[0] for key, (cmd, uid) in names.items() if cmd and "java" in cmd.split(" ")[0]}
    jit_first = jit_threads(java)
    jit_last = dict(jit_first)
    while not stop:
        time.sleep(1.0)
        snap = processes()
        for key, j in snap.items():
            if key not in names:
                names[key] = describe(key[0])
                cmd = names[key][0]
                if cmd and "java" in cmd.split(" ")[0]:
                    java.add(key[0])
            last[key] = j
        jit_last.update(jit_threads(java))
    wall = time.monotonic() - t0
    busy = total_busy() - busy0
    snap = processes()
    for key, j in snap.items():
        last[key] = j
    ours = foreign = 0
    per = []
    for key, j in last.items():
        d = j - first.get(key, 0)
        if d <= 0:
            continue
        cmd, uid = names.get(key, (None, None))
        if key[0] in our_pids or (cmd is not None and OURS.search(cmd)):
            mine = True
        elif uid == pg_uid and cmd is not None:
            m = PG_BACKEND.search(cmd)
            mine = m is None or m.group(1) in OUR_DBS  # no match: a PostgreSQL server process
        else:
            mine = False
        if mine:
            ours += d
        else:
            foreign += d
        # the full command line: roles are matched on it (a long classpath pushes the main class past any cut)
        per.append((d, "ours" if mine else "FOREIGN", key[0], cmd or "?"))
    cap = wall * TICK * NCPU
    unattr = max(0, busy - ours - foreign)
    per.sort(reverse=True)
    groups = {}
    for d, kind, pid, cmd in per:
        g = group_of(cmd) if kind == "ours" else "foreign"
        groups[g] = groups.get(g, 0) + d
    jit = {}
    starts = {key[0]: key for key in last}
    for (pid, tid, start), j in jit_last.items():
        d = j - jit_first.get((pid, tid, start), 0)
        key = starts.get(pid)
        if d <= 0 or key is None:
            continue
        cmd, uid = names.get(key, (None, None))
        mine = pid in our_pids or (cmd is not None and OURS.search(cmd))
        g = group_of(cmd) if mine else "foreign"
        jit[g] = jit.get(g, 0) + d
    with open(out_file, "w") as f:
        f.write(f"CPUWATCH wall_s={wall:.1f} busy_pct={100 * busy / cap:.1f} ours_pct={100 * ours / cap:.1f} "
                f"foreign_pct={100 * foreign / cap:.1f} unattributed_pct={100 * unattr / cap:.1f} "
                f"disturbed_pct={100 * (foreign + unattr) / cap:.1f}\n")
        # CPU seconds per role over the watched time, for cost-per-operation arithmetic
        f.write("CPUGROUPS " + " ".join(f"{g}={d / TICK:.2f}" for g, d in sorted(groups.items())) + "\n")
        # of which the JIT compilers (C1/C2 threads): warm-up work, which a long-running server no longer does
        f.write("CPUJIT " + " ".join(f"{g}={d / TICK:.2f}" for g, d in sorted(jit.items())) + "\n")
        for d, kind, pid, cmd in per[:15]:
            f.write(f"  {100 * d / cap:5.1f}% {kind:7s} {pid:>7} {cmd[:140]}\n")


if __name__ == "__main__":
    main()
