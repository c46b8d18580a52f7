#!/usr/bin/env python3
"""hadr benchmark harness (python3, standard library only).

Builds the release binary, generates configurations into a scratch directory
and times the real `hadr` binary on them: wall time (best of K runs) and peak
RSS. Prints a markdown table with the targets from the performance issue and
Terraform 1.15's figures; `--write` also puts it into bench/README.md under
"## Results".

    python3 bench/run.py [--quick] [--no-build] [--write] [-k K]

See bench/README.md for what is measured and why.
"""

import argparse
import datetime
import math
import os
import platform
import re
import resource
import signal
import shutil
import subprocess
import sys
import tempfile
import threading
import time

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(BENCH_DIR)
README = os.path.join(BENCH_DIR, "README.md")
TIME_BIN = "/usr/bin/time"

REGIONS = ("eastus", "westus")  # an Azure region pair: primary, secondary


class BenchError(Exception):
    pass


# ---------------------------------------------------------------------------
# Configuration generators. Each returns (files: {name: text}, info: dict) with
# info["n"] = resource instances, info["depth"] = longest dependency path in
# operations (for the makespan bounds).
# ---------------------------------------------------------------------------

def gen_chain(n):
    """r0 <- r1 <- ... <- r(n-1): each input references the previous output."""
    out = ['# chain: %d terraform_data resources, each depending on the previous one.\n' % n]
    out.append('resource "terraform_data" "r0" {\n  input = "seed"\n}\n')
    for i in range(1, n):
        out.append('resource "terraform_data" "r%d" {\n  input = terraform_data.r%d.output\n}\n' % (i, i - 1))
    out.append('output "last" {\n  value = terraform_data.r%d.output\n}\n' % (n - 1))
    return {"main.tf": "\n".join(out)}, {"n": n, "depth": n}


def gen_wide(n):
    """n independent resources."""
    out = ['# wide: %d independent terraform_data resources.\n' % n]
    for i in range(n):
        out.append('resource "terraform_data" "r%d" {\n  input = "value-%d"\n}\n' % (i, i))
    return {"main.tf": "\n".join(out)}, {"n": n, "depth": 1}


def gen_layered(layers, width):
    """layers x width; every resource of layer l > 0 depends on two of layer l-1."""
    out = ['# layered: %d layers x %d terraform_data resources; each depends on 2 of the previous layer.\n'
           % (layers, width)]
    for l in range(layers):
        for j in range(width):
            if l == 0:
                inp = '"l0-%d"' % j
            else:
                a, b = j, (j + 1) % width
                # References to .id keep every value the same size; referencing two .output
                # values would nest them and double the value's size at every layer (2^L).
                refs = ["terraform_data.n%d_%d.id" % (l - 1, a)]
                if b != a:
                    refs.append("terraform_data.n%d_%d.id" % (l - 1, b))
                inp = "[%s]" % ", ".join(refs)
            out.append('resource "terraform_data" "n%d_%d" {\n  input = %s\n}\n' % (l, j, inp))
    return {"main.tf": "\n".join(out)}, {"n": layers * width, "depth": layers, "layers": layers, "width": width}


def layered_dims(n, layers=20):
    """The scaling series' shape: a fixed 20 layers, width n/20."""
    return layers, max(1, n // layers)


HADR_GLOBAL = '''# hadr: a two-region (eastus primary, westus secondary) HA/DR deployment made of
# application "stamps". Shared per-region infrastructure uses for_each; every stamp is
# a set of separate resource blocks (as a generated or module-expanded configuration
# would be), so the planner's per-resource costs are exercised.

dr {
  regions = ["eastus", "westus"]
  primary = "eastus"
  objectives {
    rto = "1h"
    rpo = "5m"
  }
}

variable "sql_admin_password" {
  type      = string
  sensitive = true
  default   = "bench-Passw0rd!"
}

locals {
  regions = {
    primary   = "eastus"
    secondary = "westus"
  }
  vnet_cidr = {
    primary   = "10.0.0.0/9"
    secondary = "10.128.0.0/9"
  }
  image = "myregistry.azurecr.io/shop/api:1.4.2"
  tags = {
    app        = "shop"
    managed_by = "hadr"
  }
}

resource "azure_resource_group" "region" {
  for_each = local.regions
  name     = "rg-shop-${each.value}"
  location = each.value
  tags = {
    app        = "shop"
    managed_by = "hadr"
    role       = each.key
  }
}

resource "azure_virtual_network" "region" {
  for_each            = local.regions
  name                = "vnet-shop-${each.value}"
  resource_group_name = azure_resource_group.region[each.key].name
  location            = each.value
  address_space       = [local.vnet_cidr[each.key]]
  tags                = local.tags
}

resource "azure_sql_server" "region" {
  for_each                     = local.regions
  name                         = "sql-shop-${each.value}"
  resource_group_name          = azure_resource_group.region[each.key].name
  location                     = each.value
  version                      = "12.0"
  administrator_login          = "shopadmin"
  administrator_login_password = var.sql_admin_password
  tags                         = local.tags
}
'''
HADR_GLOBAL_COUNT = 6  # 3 for_each resources x 2 regions


def subnet_cidr(region_index, s):
    """The /24 of stamp s inside its region's /9 (10.0.0.0/9 or 10.128.0.0/9)."""
    if s >= 1 << 15:
        raise BenchError("too many stamps for the address plan")
    base = (10 << 24) | (region_index << 23) | (s << 8)
    return "%d.%d.%d.0/24" % (base >> 24, (base >> 16) & 255, (base >> 8) & 255)


def hadr_stamp_blocks(s):
    """The resource blocks of stamp s, in dependency order (a prefix is valid on its own)."""
    blocks = []
    sid = "s%04d" % s
    # One Traffic Manager profile per stamp: the stamp's global entry point.
    blocks.append('''resource "azure_traffic_manager_profile" "{sid}" {{
  name                   = "tm-shop-{sid}"
  resource_group_name    = azure_resource_group.region["primary"].name
  traffic_routing_method = "Priority"
  dns_config {{
    relative_name = "shop-{sid}"
    ttl           = 30
  }}
  monitor_config {{
    protocol                     = "HTTPS"
    port                         = 443
    path                         = "/healthz"
    interval_in_seconds          = 10
    timeout_in_seconds           = 5
    tolerated_number_of_failures = 2
  }}
  tags = local.tags
}}
'''.format(sid=sid))
    for ri, role in enumerate(("primary", "secondary")):
        region = REGIONS[ri]
        rid = "%s_%s" % (sid, region)
        primary = role == "primary"
        blocks.append('''resource "azure_subnet" "{rid}" {{
  name                 = "snet-{sid}"
  virtual_network_id   = azure_virtual_network.region["{role}"].id
  address_prefixes     = ["{cidr}"]
  service_endpoints    = ["Microsoft.Sql", "Microsoft.Storage"]
}}
'''.format(rid=rid, sid=sid, role=role, cidr=subnet_cidr(ri, s)))
        blocks.append('''resource "azure_kubernetes_cluster" "{rid}" {{
  name                = "aks-shop-{sid}-{region}"
  resource_group_name = azure_resource_group.region["{role}"].name
  location            = "{region}"
  dns_prefix          = "shop-{sid}-{region}"
  kubernetes_version  = "1.31"
  sku_tier            = "Standard"
  default_node_pool {{
    name           = "system"
    vm_size        = "Standard_D4s_v5"
    node_count     = {nodes}
    vnet_subnet_id = azure_subnet.{rid}.id
    zones          = ["1", "2", "3"]
  }}
  identity {{
    type = "SystemAssigned"
  }}
  network_profile {{
    network_plugin      = "azure"
    network_plugin_mode = "overlay"
    network_policy      = "cilium"
  }}
  tags = {{
    app        = "shop"
    managed_by = "hadr"
    stamp      = "{sid}"
    role       = "{role}"
  }}
}}
'''.format(rid=rid, sid=sid, role=role, region=region, nodes=3 if primary else 1))
        for wl, rep in (("api", 3), ("worker", 2)):
            blocks.append('''resource "azure_kubernetes_workload" "{rid}_{wl}" {{
  name                  = "{wl}"
  kubernetes_cluster_id = azure_kubernetes_cluster.{rid}.id
  namespace             = "shop"
  image                 = local.image
  replicas              = {replicas}
  paused                = {paused}
}}
'''.format(rid=rid, wl=wl, replicas=rep if primary else 0,
           paused="false" if primary or wl == "api" else "true"))
        blocks.append('''resource "azure_public_ip" "{rid}" {{
  name                = "pip-shop-{sid}-{region}"
  resource_group_name = azure_resource_group.region["{role}"].name
  location            = "{region}"
  allocation_method   = "Static"
  zones               = ["1", "2", "3"]
  domain_name_label   = "shop-{sid}-{region}"
  tags                = local.tags
}}
'''.format(rid=rid, sid=sid, role=role, region=region))
        blocks.append('''resource "azure_traffic_manager_endpoint" "{rid}" {{
  name               = "{region}"
  profile_id         = azure_traffic_manager_profile.{sid}.id
  endpoint_type      = "AzureEndpoints"
  target_resource_id = azure_public_ip.{rid}.id
  priority           = {prio}
}}
'''.format(rid=rid, sid=sid, region=region, prio=ri + 1))
    blocks.append('''resource "azure_sql_database" "{sid}" {{
  name                 = "db-{sid}"
  server_id            = azure_sql_server.region["primary"].id
  sku_name             = "GP_Gen5_2"
  zone_redundant       = true
  storage_account_type = "Geo"
  tags                 = local.tags
}}
'''.format(sid=sid))
    blocks.append('''resource "azure_sql_failover_group" "{sid}" {{
  name              = "fog-shop-{sid}"
  server_id         = azure_sql_server.region["primary"].id
  partner_server_id = azure_sql_server.region["secondary"].id
  databases         = [azure_sql_database.{sid}.id]
  read_write_endpoint_failover_policy {{
    mode          = "Automatic"
    grace_minutes = 60
  }}
  tags = local.tags
}}
'''.format(sid=sid))
    return blocks


HADR_STAMP_SIZE = len(hadr_stamp_blocks(0))  # 15


def gen_hadr(n):
    """Shared infrastructure plus as many stamps as needed for exactly n resources."""
    if n < HADR_GLOBAL_COUNT + 1:
        raise BenchError("hadr shape needs at least %d resources" % (HADR_GLOBAL_COUNT + 1))
    blocks, left, s = [], n - HADR_GLOBAL_COUNT, 0
    while left > 0:
        stamp = hadr_stamp_blocks(s)[:left]  # the last stamp may be partial
        blocks.extend(stamp)
        left -= len(stamp)
        s += 1
    outputs = '''output "stamp0_fqdn" {
  value = azure_traffic_manager_profile.s0000.fqdn
}

output "sql_servers" {
  value = { for k, v in azure_sql_server.region : k => v.fully_qualified_domain_name }
}
'''
    files = {"main.tf": HADR_GLOBAL + "\n" + outputs, "stamps.tf": "\n".join(blocks)}
    return files, {"n": n, "stamps": s, "depth": None}


def write_config(root, name, files):
    d = os.path.join(root, name)
    if os.path.isdir(d):
        shutil.rmtree(d)
    os.makedirs(d)
    for fname, text in files.items():
        with open(os.path.join(d, fname), "w") as f:
            f.write(text)
    return d


def clean_state(d):
    """Forget everything hadr stored in d: state, journal, lock and the simulated cloud."""
    for name in os.listdir(d):
        p = os.path.join(d, name)
        if name == ".hadr":
            shutil.rmtree(p)
        elif name.startswith("hadr.state.json") or name.endswith(".plan"):
            os.remove(p)


# ---------------------------------------------------------------------------
# Running the binary
# ---------------------------------------------------------------------------

class Runner:
    def __init__(self, hadr, logdir, rss_mode, timeout):
        self.hadr = hadr
        self.logdir = logdir
        self.timeout = timeout
        self.use_time = rss_mode == "time" or (rss_mode == "auto" and os.access(TIME_BIN, os.X_OK))
        self.rss_method = ("%s -f %%M" % TIME_BIN) if self.use_time else "os.wait4 ru_maxrss"
        os.makedirs(logdir, exist_ok=True)
        base = {k: v for k, v in os.environ.items() if not k.startswith("HADR_")}
        base.pop("CLICOLOR_FORCE", None)
        base["NO_COLOR"] = "1"
        self.base_env = base

    def run(self, cfg, args, env=None, label="run"):
        """Runs `hadr --chdir cfg ARGS` once; returns (wall seconds, peak RSS in KiB, stdout text).

        Fails loudly (BenchError with the command's stderr) on a non-zero exit.
        """
        e = dict(self.base_env)
        e.update(env or {})
        cmd = [self.hadr, "--chdir", cfg] + list(args)
        rss_file = os.path.join(self.logdir, label + ".rss")
        full = ([TIME_BIN, "-f", "%M", "-o", rss_file] + cmd) if self.use_time else cmd
        out_path = os.path.join(self.logdir, label + ".stdout")
        err_path = os.path.join(self.logdir, label + ".stderr")
        with open(out_path, "wb") as out, open(err_path, "wb") as err, open(os.devnull, "rb") as nul:
            t0 = time.perf_counter()
            p = subprocess.Popen(full, cwd=cfg, env=e, stdin=nul, stdout=out, stderr=err, start_new_session=True)
            timed_out = []

            def kill():  # the whole process group: hadr too when /usr/bin/time wraps it
                timed_out.append(True)
                try:
                    os.killpg(p.pid, signal.SIGKILL)
                except OSError:
                    pass
            timer = threading.Timer(self.timeout, kill)
            timer.start()
            try:
                _, status, ru = os.wait4(p.pid, 0)
                wall = time.perf_counter() - t0
            finally:
                timer.cancel()
            p.returncode = os.waitstatus_to_exitcode(status)
        with open(out_path, "r", errors="replace") as f:
            stdout = f.read()
        if p.returncode != 0:
            with open(err_path, "r", errors="replace") as f:
                stderr = f.read()
            extra = ""
            if self.use_time and os.path.exists(rss_file):
                with open(rss_file) as f:
                    extra = f.read()
            raise BenchError("command failed (exit %d%s): %s\n  cwd: %s\n  env: %s\n--- stderr (%s) ---\n%s\n"
                             "--- stdout tail (%s) ---\n%s\n%s" % (
                                 p.returncode, ", killed after the %d s timeout" % self.timeout if timed_out else "",
                                 " ".join(cmd), cfg, " ".join("%s=%s" % kv for kv in (env or {}).items()),
                                 err_path, stderr[-6000:], out_path, stdout[-2000:], extra))
        if self.use_time:
            with open(rss_file) as f:
                lines = [l.strip() for l in f if l.strip()]
            rss = int(lines[-1])
        else:
            rss = ru.ru_maxrss  # KiB on Linux; this child only (wait4), not cumulative
        return wall, rss, stdout


def expect(stdout, pattern, what):
    if not re.search(pattern, stdout):
        tail = stdout[-1500:]
        raise BenchError("unexpected output of %s: wanted /%s/\n--- stdout tail ---\n%s" % (what, pattern, tail))


def best_of(k, fn):
    """Runs fn() k times (fn returns (wall, rss, ...)); returns the run with the least wall time
    and the largest RSS seen."""
    runs = [fn() for _ in range(k)]
    best = min(runs, key=lambda r: r[0])
    return best[0], max(r[1] for r in runs), [r[0] for r in runs]


# ---------------------------------------------------------------------------
# Measurements
# ---------------------------------------------------------------------------

ZERO = {"HADR_SIM_OP_MS": "0"}


def plan_from_empty(r, cfg, n, k, label):
    clean_state(cfg)

    def one():
        w, rss, out = r.run(cfg, ["plan"], ZERO, label)
        expect(out, r"Plan: %d to add, 0 to change, 0 to destroy\." % n, "plan of %s" % label)
        return w, rss
    return best_of(k, one)


def apply_config(r, cfg, n, label, env=None, parallelism=None):
    args = ["apply", "--auto-approve"] + (["--parallelism=%d" % parallelism] if parallelism else [])
    w, rss, out = r.run(cfg, args, env or ZERO, label)
    expect(out, r"Apply complete! Resources: %d added, 0 changed, 0 destroyed\." % n, "apply of %s" % label)
    return w, rss


def noop_plan(r, cfg, n, k, label, log):
    clean_state(cfg)
    w_apply, _ = apply_config(r, cfg, n, label + "-setup-apply")
    log("    setup: apply of %d resources (HADR_SIM_OP_MS=0) took %.2f s" % (n, w_apply))

    def one():
        w, rss, out = r.run(cfg, ["plan"], ZERO, label)
        expect(out, r"No changes\.", "no-op plan of %s" % label)
        return w, rss
    return best_of(k, one)


def apply_from_empty(r, cfg, n, k, label, env=None, parallelism=None):
    def one():
        clean_state(cfg)
        return apply_config(r, cfg, n, label, env, parallelism)
    return best_of(k, one)


def noop_apply(r, cfg, k, label, env, parallelism):
    """After an apply: the same apply again, which has nothing to do (the binary's fixed cost)."""
    def one():
        w, rss, out = r.run(cfg, ["apply", "--auto-approve", "--parallelism=%d" % parallelism], env, label)
        expect(out, r"Apply complete! Resources: 0 added, 0 changed, 0 destroyed\.", "no-op apply of %s" % label)
        return w, rss
    return best_of(k, one)


# ---------------------------------------------------------------------------
# Formatting
# ---------------------------------------------------------------------------

def fmt_t(s):
    if s < 1:
        return "%.1f ms" % (s * 1000)
    return "%.2f s" % s


def fmt_mb(kib):
    return "%.1f MB" % (kib * 1024 / 1e6)


def verdict(ok):
    return "PASS" if ok else "**FAIL**"


def table(rows):
    head = ["#", "measurement", "N", "result (best of K)", "peak RSS", "target", "status", "Terraform 1.15",
            "all runs (ms)"]
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join(["---"] * len(head)) + "|"]
    for row in rows:
        lines.append("| " + " | ".join(str(row.get(h, "")) for h in head) + " |")
    return "\n".join(lines)


def machine_notes(hadr, r, k, quick, no_build, load0, scratch_fs):
    def sh(cmd):
        try:
            return subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=30).stdout.strip()
        except Exception:
            return "?"
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = "?"
    try:
        with open("/proc/meminfo") as f:
            kb = int(f.readline().split()[1])
            mem = "%.1f GB" % (kb * 1024 / 1e9)
    except (OSError, ValueError, IndexError):
        pass
    commit = sh(["git", "rev-parse", "--short", "HEAD"])
    dirty = sh(["git", "status", "--porcelain", "--untracked-files=no", "--", "src", "Cargo.toml", "Cargo.lock", "build.rs", "schemas"])
    built = datetime.datetime.fromtimestamp(os.path.getmtime(hadr)).strftime("%Y-%m-%d %H:%M")
    return [
        "date: %s" % datetime.datetime.now().strftime("%Y-%m-%d %H:%M"),
        "hadr: `%s` (%s), built %s%s; the repository is at commit %s%s" % (
            sh([hadr, "--version"]), os.path.relpath(hadr, REPO) if hadr.startswith(REPO) else hadr, built,
            " (not rebuilt: --no-build)" if no_build else "", commit,
            " with uncommitted changes in src/ or schemas/" if dirty else ""),
        "machine: %s, %d CPUs, %s RAM, Linux %s, %s" % (cpu, os.cpu_count() or 0, mem, platform.release(), sh(["rustc", "--version"])),
        "load average (1 min) at start / end: %.2f / %.2f (the machine is shared; other load inflates wall times)"
        % (load0, os.getloadavg()[0]),
        "scratch filesystem: %s" % scratch_fs,
        "method: best of %d runs per row%s; peak RSS via %s (largest of the runs); wall time from spawn to exit "
        "as seen by python" % (k, ", --quick" if quick else "", r.rss_method),
    ]


def fs_of(path):
    """The filesystem type and device holding path (fsync costs depend on it), from /proc/mounts."""
    best = ("", "?", "?")
    try:
        real = os.path.realpath(path)
        with open("/proc/mounts") as f:
            for line in f:
                dev, mnt, typ = line.split()[:3]
                if (real == mnt or real.startswith(mnt.rstrip("/") + "/")) and len(mnt) >= len(best[0]):
                    best = (mnt, typ, dev)
    except OSError:
        pass
    return "%s (%s on %s)" % (path if not path.startswith(REPO) else os.path.relpath(path, REPO), best[1], best[2])


def replace_results(readme_text, section):
    """Puts section under '## Results', keeping the rest of the README."""
    m = re.search(r"^## Results[ \t]*\n", readme_text, flags=re.M)
    if not m:
        return readme_text.rstrip("\n") + "\n\n## Results\n\n" + section + "\n"
    nxt = re.search(r"^## ", readme_text[m.end():], flags=re.M)
    end = m.end() + nxt.start() if nxt else len(readme_text)
    return readme_text[:m.end()] + "\n" + section + "\n" + ("\n" if nxt else "") + readme_text[end:]


# ---------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description="Benchmark the hadr release binary.")
    ap.add_argument("--quick", action="store_true", help="skip the 50,000-resource plan")
    ap.add_argument("--no-build", action="store_true", help="do not run cargo build --release")
    ap.add_argument("--write", action="store_true", help="write the results into bench/README.md")
    ap.add_argument("-k", "--runs", type=int, default=3, help="runs per measurement; the best is reported (default 3)")
    ap.add_argument("--delay-ms", type=int, default=50, help="HADR_SIM_OP_MS for the makespan rows (default 50)")
    ap.add_argument("--out", default=os.path.join(BENCH_DIR, "out"), help="scratch directory (default bench/out)")
    ap.add_argument("--hadr", default=os.path.join(REPO, "target", "release", "hadr"), help="binary to measure")
    ap.add_argument("--rss", choices=["auto", "time", "wait4"], default="auto",
                    help="peak RSS via /usr/bin/time -f %%M (auto: when present) or os.wait4")
    ap.add_argument("--only", default="1,2,3,4",
                    help="comma-separated measurement groups to run (1 plan, 2 no-op plan, 3 apply, 4 makespan)")
    ap.add_argument("--timeout", type=int, default=1800, help="seconds before one hadr run is killed")
    ap.add_argument("--mem-limit-mb", type=int, default=8192,
                    help="address-space limit (RLIMIT_AS) for every hadr run, 0 for none (default 8192)")
    a = ap.parse_args()
    k = max(1, a.runs)
    only = set(x.strip() for x in a.only.split(",") if x.strip())
    if not only <= {"1", "2", "3", "4"}:
        ap.error("--only takes groups 1, 2, 3, 4")

    def log(msg):
        print(msg, file=sys.stderr, flush=True)

    if not a.no_build:
        log("building: cargo build --release")
        res = subprocess.run(["cargo", "build", "--release"], cwd=REPO, stdin=subprocess.DEVNULL)
        if res.returncode != 0:
            raise BenchError("cargo build --release failed (exit %d)" % res.returncode)
    if not os.access(a.hadr, os.X_OK):
        raise BenchError("no binary at %s (run without --no-build)" % a.hadr)

    if a.mem_limit_mb > 0:
        # Guard for a shared machine: a runaway hadr fails with an allocation error (and so
        # fails the benchmark loudly) instead of pulling the OOM killer onto other processes.
        # Virtual address space, inherited by every child started from here on.
        lim = a.mem_limit_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (lim, lim))

    os.makedirs(a.out, exist_ok=True)
    root = tempfile.mkdtemp(prefix="run-", dir=a.out)
    r = Runner(a.hadr, os.path.join(root, "logs"), a.rss, a.timeout)
    log("scratch dir: %s   (K=%d, RSS via %s)" % (root, k, r.rss_method))
    rows = []
    t_start = time.time()
    load0 = os.getloadavg()[0]

    def row(walls, **kw):
        kw["all runs (ms)"] = ", ".join("%.0f" % (x * 1000) if x >= 0.0995 else "%.1f" % (x * 1000) for x in walls)
        rows.append(kw)
        log("  -> %s: %s  %s  [%s]" % (kw["measurement"], kw["result (best of K)"], kw.get("peak RSS", ""), kw["status"]))

    # 1. Plan from empty state.
    def group1():
        log("[1] plan from empty state")
        files, info = gen_hadr(2000)
        cfg = write_config(root, "hadr-2000", files)
        r.run(cfg, ["validate"], ZERO, "hadr-2000-validate")
        log("    hadr-2000: %d resources in %d stamps; hadr validate ok" % (info["n"], info["stamps"]))
        w, rss, walls = plan_from_empty(r, cfg, info["n"], k, "hadr-2000-plan")
        row(walls, **{"#": "1a", "measurement": "plan from empty, HA/DR config (%d stamps)" % info["stamps"], "N": info["n"],
               "result (best of K)": fmt_t(w), "peak RSS": fmt_mb(rss), "target": "≤ 100 ms",
               "status": verdict(w <= 0.100), "Terraform 1.15": "4.9 s"})

        files, info = gen_chain(1000)
        cfg = write_config(root, "chain-1000", files)
        w, rss, walls = plan_from_empty(r, cfg, 1000, k, "chain-1000-plan")
        row(walls, **{"#": "1b", "measurement": "plan from empty, chain", "N": 1000, "result (best of K)": fmt_t(w),
               "peak RSS": fmt_mb(rss), "target": "≤ 100 ms", "status": verdict(w <= 0.100), "Terraform 1.15": "14 s"})

        sizes = [1000, 5000, 10000] + ([] if a.quick else [50000])
        series = []
        for n in sizes:
            L, W = layered_dims(n)
            files, info = gen_layered(L, W)
            cfg = write_config(root, "layered-%d" % n, files)
            w, rss, walls = plan_from_empty(r, cfg, info["n"], k, "layered-%d-plan" % n)
            series.append((info["n"], w, rss, L, W, walls))
            log("    layered %d (%d x %d): %s, %s" % (n, L, W, fmt_t(w), fmt_mb(rss)))
        # "About linear": the log-log slope of time against N between the two largest sizes
        # (smaller sizes are dominated by fixed start-up cost, which flattens the slope).
        for i, (n, w, rss, L, W, walls) in enumerate(series):
            if i == 0:
                res = "%s (%.1f µs/resource)" % (fmt_t(w), w / n * 1e6)
                target, status = "about linear in N", "(info)"
            else:
                n0, w0 = series[i - 1][0], series[i - 1][1]
                slope = math.log(w / w0) / math.log(n / n0)
                res = "%s (%.1f µs/resource; ×%.2f time for ×%g N, slope %.2f)" % (
                    fmt_t(w), w / n * 1e6, w / w0, n / n0, slope)
                last = i == len(series) - 1
                target = "slope ≤ 1.15 (largest step)" if last else "about linear"
                status = verdict(slope <= 1.15) if last else "(info)"
            row(walls, **{"#": "1c", "measurement": "plan from empty, layered %d×%d" % (L, W), "N": n,
                   "result (best of K)": res, "peak RSS": fmt_mb(rss), "target": target, "status": status,
                   "Terraform 1.15": ""})

    # 2. No-op plan after apply.
    def group2():
        log("[2] no-op plan after apply")
        for n, t_lim, mb_lim, tf in ((1000, 0.150, 40, "7.3 s / 399 MB"), (5000, 0.5, 100, "124 s / 4 GB")):
            L, W = layered_dims(n)
            files, info = gen_layered(L, W)
            cfg = write_config(root, "noop-layered-%d" % n, files)
            w, rss, walls = noop_plan(r, cfg, n, k, "noop-layered-%d" % n, log)
            ok = w <= t_lim and rss * 1024 <= mb_lim * 1e6
            row(walls, **{"#": "2", "measurement": "no-op plan after apply, layered %d×%d" % (L, W), "N": n,
                   "result (best of K)": fmt_t(w), "peak RSS": fmt_mb(rss),
                   "target": "≤ %s, ≤ %d MB" % (fmt_t(t_lim), mb_lim),
                   "status": verdict(ok) + ("" if ok else " (time %s, RSS %s)" % (
                       verdict(w <= t_lim), verdict(rss * 1024 <= mb_lim * 1e6))),
                   "Terraform 1.15": tf})

    # 3. Apply from empty, no operation delay.
    def group3():
        log("[3] apply from empty")
        files, info = gen_wide(1000)
        cfg = write_config(root, "wide-1000", files)
        w, rss, walls = apply_from_empty(r, cfg, 1000, k, "wide-1000-apply")
        row(walls, **{"#": "3", "measurement": "apply from empty, wide, HADR_SIM_OP_MS=0", "N": 1000,
               "result (best of K)": fmt_t(w), "peak RSS": fmt_mb(rss), "target": "≤ 1 s",
               "status": verdict(w <= 1.0), "Terraform 1.15": "42 s"})

    # 4. Apply makespan with a fixed per-operation delay.
    def group4():
        D = a.delay_ms
        log("[4] apply makespan, HADR_SIM_OP_MS=%d" % D)
        cases = [
            ("4a", "layered 8×4, P=10 (parallelism does not bind)", gen_layered(8, 4), 10, False, "2.09×"),
            ("4b", "wide 200, P=10 (parallelism binds)", gen_wide(200), 10, True, "1.63×"),
            ("4c", "layered 10×40, P=10 (parallelism binds)", gen_layered(10, 40), 10, True, "1.63×"),
        ]
        env = {"HADR_SIM_OP_MS": str(D)}
        for num, title, (files, info), P, binds, tf in cases:
            n, depth = info["n"], info["depth"]
            name = "makespan-" + num
            cfg = write_config(root, name, files)
            w, rss, walls = apply_from_empty(r, cfg, n, k, name + "-apply", env, P)
            w0, _, walls0 = noop_apply(r, cfg, k, name + "-noop", env, P)
            cp = depth * D / 1000.0
            bound = max(depth, math.ceil(n / P)) * D / 1000.0 if binds else cp
            raw, net = w / bound, (w - w0) / bound
            bound_txt = ("max(CP %d, ⌈N/P⌉ %d) × %d ms = %s" % (depth, math.ceil(n / P), D, fmt_t(bound)) if binds
                         else "CP %d × %d ms = %s" % (depth, D, fmt_t(bound)))
            res = ("%s = **%.3f×** bound; net of no-op apply (%s): %s = **%.3f×**; bound: %s" % (
                fmt_t(w), raw, fmt_t(w0), fmt_t(w - w0), net, bound_txt))
            status = "%s net / %s raw" % (verdict(net <= 1.05), verdict(raw <= 1.05))
            row(walls, **{"#": num, "measurement": "apply makespan, " + title, "N": n, "result (best of K)": res,
                   "peak RSS": fmt_mb(rss), "target": "≤ 1.05 × bound", "status": status, "Terraform 1.15": tf})

    for g, fn in (("1", group1), ("2", group2), ("3", group3), ("4", group4)):
        if g in only:
            fn()

    elapsed = time.time() - t_start
    notes = machine_notes(a.hadr, r, k, a.quick, a.no_build, load0, fs_of(root))
    notes.append("total benchmark time: %.0f s" % elapsed)
    section = table(rows) + "\n\n" + "\n".join("- " + n for n in notes) + "\n"
    print(section)
    if a.write:
        text = open(README).read() if os.path.exists(README) else "# hadr benchmarks\n"
        with open(README, "w") as f:
            f.write(replace_results(text, section))
        log("wrote %s" % README)
    return 0 if all("FAIL" not in str(x.get("status")) for x in rows) else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchError as e:
        print("\nBENCHMARK FAILED: %s" % e, file=sys.stderr)
        sys.exit(2)
