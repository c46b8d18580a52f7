#!/usr/bin/env python3
"""Regenerates examples/*/README.md with real hadr output (plan, apply,
failover, failback) on the simulated cloud. Run from the repository root
after `cargo build --release`: python3 examples/generate-readmes.py"""
import os, shutil, subprocess, sys, tempfile

HADR = os.path.abspath(os.environ.get("HADR", "target/release/hadr"))
ABOUT = {
    "liberty-aks": "WebSphere Liberty on AKS: SQL failover group across the pair, an AKS cluster and Application Gateway per region, Traffic Manager (Priority), and a Backup vault per region. At failover the old active cluster's backup is restored into the new active cluster, the failover group switches primary by an action (never a replacement), and traffic moves last.",
    "websphere-vms": "WebSphere on VMs: a VM cluster in the active region protected by Azure Site Recovery into the other region, an Application Gateway per region, Traffic Manager, and a SQL failover group. Failover is a Site Recovery failover followed by commit; failback is refused until `hadr reprotect` has re-established replication.",
    "k8s-standby-zero": "A Kubernetes product whose DR copy runs at zero replicas with its scheduler paused; its data is in a geo-redundant storage account that fails over with it; a DNS CNAME moves to the new active ingress last. Switching back is a failback plan.",
    "floating-ip-pair": "An appliance pair where the standby takes over the floating address (a DNS name). After an outage and a forced failover, the old primary comes back stand-alone; `hadr reprotect` re-designates it secondary before it protects anything, and only then is failback allowed.",
    "singleton-lease": "A singleton service that may run in exactly one region: it holds a blob lease in a storage account outside the pair. A migration releases the lease where the service ran, then acquires it where it goes; a region outage leads to a forced migration; failing back is an explicit plan.",
}

def run(args, cwd):
    env = dict(os.environ, NO_COLOR="1", HADR_SIM_OP_MS="0")
    r = subprocess.run([HADR] + args, cwd=cwd, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    if r.returncode != 0 and "refused" not in r.stderr:
        sys.exit(f"hadr {' '.join(args)} failed in {cwd}:\n{r.stdout}\n{r.stderr}")
    return (r.stdout + r.stderr).rstrip()

def clip(text, head=60, tail=25):
    lines = text.splitlines()
    if len(lines) <= head + tail:
        return text
    return "\n".join(lines[:head] + [f"… ({len(lines) - head - tail} lines omitted) …"] + lines[-tail:])

def block(cmd, out):
    return f"```\n$ {cmd}\n{out}\n```\n"

for ex, about in ABOUT.items():
    src = os.path.join("examples", ex)
    with tempfile.TemporaryDirectory() as root:
        # Keep the repository layout so `../../modules/…` sources resolve.
        shutil.copytree("modules", os.path.join(root, "modules"))
        d = os.path.join(root, "examples", ex)
        os.makedirs(d)
        for f in os.listdir(src):
            if f.endswith(".tf"):
                shutil.copy(os.path.join(src, f), d)
        parts = [f"# {ex}\n\n{about}\n\nEverything below is real output of hadr on the embedded simulated Azure "
                 f"(`HADR_SIM_OP_MS=0`, so operations take no time; `Estimated RTO` is in Azure's real-world durations). "
                 f"Regenerate with `python3 examples/generate-readmes.py`.\n"]
        parts.append("## Validate\n\n" + block(f"hadr validate examples/{ex}", run(["validate"], d)))
        parts.append("## Plan and apply\n\n" + block(f"hadr apply --auto-approve examples/{ex}", clip(run(["apply", "--auto-approve"], d))))
        parts.append(block("hadr plan", run(["plan"], d)))
        fo = run(["failover", "--auto-approve"], d)
        parts.append("## Failover\n\nThe failover is a plan: the changes, then the ordered steps by phase, the estimated RTO with its critical path, and the RPO.\n\n"
                     + block("hadr failover --auto-approve", clip(fo, 200, 40)))
        parts.append(block("hadr plan", run(["plan"], d)))
        fb = run(["failback", "--auto-approve"], d)
        if "refused" in fb:
            parts.append("## Failback\n\nRefused until replication runs back towards the original primary:\n\n" + block("hadr failback", fb))
            parts.append(block("hadr reprotect --auto-approve", clip(run(["reprotect", "--auto-approve"], d), 80, 20)))
            fb = run(["failback", "--auto-approve"], d)
        else:
            parts.append("## Failback\n\n")
        parts.append(block("hadr failback --auto-approve", clip(fb, 120, 30)))
        parts.append(block("hadr plan", run(["plan"], d)))
        run(["sim", "outage", "eastus"], d)
        forced = run(["failover", "--mode", "forced", "--out", "forced.plan"], d)
        parts.append("## Region outage: forced failover\n\nWith East US down (`hadr sim outage eastus`), a planned failover is refused and a forced one skips the steps against the failed region, holding it fenced until `hadr reprotect`:\n\n"
                     + block("hadr failover --mode forced --out forced.plan", clip(forced, 40, 60)))
    with open(os.path.join(src, "README.md"), "w") as f:
        f.write("\n".join(parts))
    print("wrote", os.path.join(src, "README.md"))
