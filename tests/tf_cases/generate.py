#!/usr/bin/env python3
"""Regenerate expected.json for a Terraform reference corpus.

Every case folder (CORPUS/NN-name/) holds step1/, step2/, ... config
directories (which may have subfolders, e.g. modules/).  The steps are run in
order through real Terraform in a scratch directory under the system temp dir,
against one shared state, and the observed behaviour is written to the case's
expected.json.

Usage:
    python3 tests/tf_cases/generate.py            # all cases of tests/tf_cases
    python3 tests/tf_cases/generate.py 07 12-foo  # only cases whose name starts with one of these
    python3 tests/tf_cases/generate.py --corpus tests/tf_cases_lang [PREFIX...]

CORPUS defaults to the directory of this script (tests/tf_cases).  A corpus
may hold a corpus.json with options (see README.md); tests/tf_cases has none.

Standard library only.  Exits 0 with a message if `terraform` is not on PATH.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from decimal import Decimal

HERE = os.path.dirname(os.path.abspath(__file__))
CASE_RE = re.compile(r"^\d+-[A-Za-z0-9_.-]+$")
STEP_RE = re.compile(r"^step(\d+)$")
# Files in a step directory that are not copied into the Terraform working dir.
NOT_CONFIG = {"vars.txt"}
# Options a corpus may set in its corpus.json, with their defaults.
CORPUS_OPTIONS = {
    # Record each step's "moved" map ({to address: previous address}).
    "record_moved": False,
    # Record each step's human plan text (see plan_text()).
    "record_plan_text": False,
}


class GenerateError(Exception):
    pass


def tf_env():
    env = dict(os.environ)
    # Nothing from the caller's environment may influence the results.
    for key in list(env):
        if key.startswith("TF_VAR_") or key.startswith("TF_CLI_ARGS") or key in (
            "TF_LOG",
            "TF_LOG_PATH",
            "TF_DATA_DIR",
            "TF_WORKSPACE",
            "TF_PLUGIN_CACHE_DIR",
        ):
            del env[key]
    cfg = env.get("TF_CLI_CONFIG_FILE")
    if cfg is not None and not os.path.isfile(cfg):
        # A dangling CLI config path only produces warnings; drop it.
        del env["TF_CLI_CONFIG_FILE"]
    env["TF_IN_AUTOMATION"] = "1"
    env["TF_INPUT"] = "0"
    env["CHECKPOINT_DISABLE"] = "1"
    return env


def run(args, cwd, env):
    return subprocess.run(
        ["terraform"] + args,
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        universal_newlines=True,
    )


# `terraform init` puts this before the configuration's own diagnostics; the
# error recorded is the first of those (the one `terraform plan` would report).
INIT_WRAPPER = "Error: Terraform encountered problems during initialisation"


def first_error(stderr):
    """The first diagnostic summary ("Error: <summary>") in Terraform's output."""
    for line in stderr.splitlines():
        line = line.lstrip("│ ").rstrip()
        if line.startswith("Error: ") and not line.startswith(INIT_WRAPPER):
            return normalize_error(line[len("Error: "):])
    raise GenerateError("no 'Error:' line in terraform output:\n" + stderr)


def normalize_error(msg):
    # Terraform lists the nodes of a cycle (a strongly connected component of
    # its graph) in an order that varies from run to run: for two or three
    # nodes it starts at an arbitrary one, for larger ones (module cycles) the
    # order itself changes.  Sort the nodes.
    if msg.startswith("Cycle: "):
        msg = "Cycle: " + ", ".join(sorted(msg[len("Cycle: "):].split(", ")))
    return msg


def plan_summary(stdout):
    for line in stdout.splitlines():
        line = line.strip()
        if line.startswith("Plan: "):
            return line
        if line.startswith("No changes."):
            return "No changes."
    # A plan that only changes output values has no "Plan:" line.
    if "Changes to Outputs:" in stdout:
        return "Changes to Outputs."
    raise GenerateError("cannot find the plan summary in:\n" + stdout)


def read_vars(step_dir):
    path = os.path.join(step_dir, "vars.txt")
    flags = []
    if os.path.isfile(path):
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.rstrip("\n")
                if not line.strip() or line.lstrip().startswith("#"):
                    continue
                if "=" not in line:
                    raise GenerateError("%s: expected NAME=VALUE, got %r" % (path, line))
                flags += ["-var", line]
    return flags


def step_files(step_dir):
    """Relative paths ('/'-separated) of the step's files, subfolders included, sorted."""
    names = []
    for root, dirs, files in os.walk(step_dir):
        dirs.sort()
        rel = os.path.relpath(root, step_dir)
        for f in files:
            name = f if rel == "." else os.path.join(rel, f).replace(os.sep, "/")
            if name not in NOT_CONFIG:
                names.append(name)
    return sorted(names)


def sync_step(step_dir, work, previous):
    """Copy the step's files (and subfolders) into work; delete files the previous step had but this one lacks."""
    names = step_files(step_dir)
    for n in previous:
        if n not in names:
            os.remove(os.path.join(work, n))
            # Drop folders the deletion left empty (never work itself).
            d = os.path.dirname(os.path.join(work, n))
            while os.path.normpath(d) != os.path.normpath(work) and not os.listdir(d):
                os.rmdir(d)
                d = os.path.dirname(d)
    for n in names:
        dst = os.path.join(work, n)
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        shutil.copyfile(os.path.join(step_dir, n), dst)
    return names


def description(case_dir, step_dirs):
    """Leading '#' comment lines of step1/main.tf, joined with spaces."""
    lines = []
    with open(os.path.join(step_dirs[0], "main.tf"), encoding="utf-8") as f:
        for line in f:
            s = line.strip()
            if not s.startswith("#"):
                break
            lines.append(s.lstrip("#").strip())
    text = " ".join(l for l in lines if l)
    if not text:
        raise GenerateError("%s: step1/main.tf must start with a '#' description comment" % case_dir)
    return text


def json_load(text):
    # Keep Terraform's numbers exactly as printed (it uses arbitrary precision).
    return json.loads(text, parse_float=Decimal)


def run_case(case_dir, env, options):
    steps = []
    for n in os.listdir(case_dir):
        m = STEP_RE.match(n)
        if m and os.path.isdir(os.path.join(case_dir, n)):
            steps.append((int(m.group(1)), os.path.join(case_dir, n)))
    steps.sort()
    if not steps or [s[0] for s in steps] != list(range(1, len(steps) + 1)):
        raise GenerateError("%s: steps must be step1..stepN" % case_dir)
    step_dirs = [s[1] for s in steps]

    result = {"description": description(case_dir, step_dirs), "steps": []}
    work = tempfile.mkdtemp(prefix="tf_cases_")
    try:
        present = []
        for step_dir in step_dirs:
            present = sync_step(step_dir, work, present)
            # Every step is initialised, as a user would after changing module
            # calls (init installs the step's local modules; a no-op otherwise).
            p = run(["init", "-input=false", "-no-color"], work, env)
            if p.returncode != 0:
                result["steps"].append({"error": first_error(p.stderr + p.stdout)})
                continue
            result["steps"].append(run_step(step_dir, work, env, options))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return result


# "  # A has moved to B" (a pure move) and "  # B will be ...\n  # (moved from A)".
MOVED_TO_RE = re.compile(r"^\s*# (\S.*?) has moved to (\S.*)$")
MOVED_FROM_RE = re.compile(r"^\s*# \(moved from (\S.*)\)$")
CHANGE_RE = re.compile(r"^\s*# (\S.*?) (?:will be|must be|is tainted)")


def human_moves(stdout):
    """The moves the human-readable plan reports, as {to: from}."""
    moves, last = {}, None
    for line in stdout.splitlines():
        m = MOVED_TO_RE.match(line)
        if m:
            moves[m.group(2)] = m.group(1)
            continue
        m = MOVED_FROM_RE.match(line)
        if m and last:
            moves[last] = m.group(1)
            continue
        m = CHANGE_RE.match(line)
        if m:
            last = m.group(1)
    return moves


UUID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def plan_text(stdout):
    """The human plan from "... will perform the following actions:" (or
    "Changes to Outputs:" when only outputs change) to the
    rule before the footer (or the first warning), with "Terraform" read as "hadr" and random ids
    as <uuid> (tests/common/tfcase.rs normalizes hadr's output the same way)."""
    lines = stdout.splitlines()
    start = next((i for i, l in enumerate(lines) if "will perform the following actions:" in l), None)
    if start is None:
        start = next((i for i, l in enumerate(lines) if l.startswith("Changes to Outputs:")), None)
    if start is None:
        return None
    out = []
    for l in lines[start:]:
        # The footer rule, or warnings (which hadr prints to stderr, before the plan).
        if l.startswith("\u2500") or l.startswith("Warning: "):
            break
        out.append(UUID_RE.sub("<uuid>", l.replace("Terraform", "hadr")).rstrip())
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n"


def run_step(step_dir, work, env, options):
    plan_file = os.path.join(work, "plan.out")
    if os.path.exists(plan_file):
        os.remove(plan_file)
    p = run(["plan", "-input=false", "-no-color", "-out=plan.out"] + read_vars(step_dir), work, env)
    if p.returncode != 0:
        return {"error": first_error(p.stderr + p.stdout)}
    summary = plan_summary(p.stdout)

    show = run(["show", "-json", "plan.out"], work, env)
    if show.returncode != 0:
        raise GenerateError("terraform show failed:\n" + show.stderr)
    plan = json_load(show.stdout)
    actions, reasons, moved = {}, {}, {}
    for rc in plan.get("resource_changes", []):
        addr = rc["address"]
        if rc.get("deposed"):
            addr += " (deposed %s)" % rc["deposed"]
        acts = rc["change"]["actions"]
        if acts != ["no-op"]:
            actions[addr] = ",".join(acts)
        if rc.get("action_reason"):
            reasons[addr] = rc["action_reason"]
        if rc.get("previous_address"):
            moved[addr] = rc["previous_address"]
    if options["record_moved"] and human_moves(p.stdout) != moved:
        raise GenerateError("the human plan's moves %r differ from previous_address %r:\n%s"
                            % (human_moves(p.stdout), moved, p.stdout))

    a = run(["apply", "-input=false", "-no-color", "-auto-approve", "plan.out"], work, env)
    if a.returncode != 0:
        raise GenerateError("terraform apply failed:\n" + a.stderr + a.stdout)
    o = run(["output", "-json"], work, env)
    if o.returncode != 0:
        raise GenerateError("terraform output failed:\n" + o.stderr)
    outputs = {}
    for name, out in json_load(o.stdout or "{}").items():
        outputs[name] = "(sensitive value)" if out.get("sensitive") else out.get("value")

    step = {
        "actions": actions,
        "reasons": reasons,
        "summary": summary,
        "outputs": outputs,
        "error": None,
    }
    if options["record_moved"]:
        step["moved"] = moved
    if options["record_plan_text"]:
        step["plan_text"] = plan_text(p.stdout)
    return step


def dump(value, indent=0):
    """json.dumps(indent=2, sort_keys=True) that also writes Decimals verbatim."""
    pad = "  " * (indent + 1)
    end = "  " * indent
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = [
            pad + json.dumps(k, ensure_ascii=False) + ": " + dump(value[k], indent + 1)
            for k in sorted(value)
        ]
        return "{\n" + ",\n".join(items) + "\n" + end + "}"
    if isinstance(value, list):
        if not value:
            return "[]"
        return "[\n" + ",\n".join(pad + dump(v, indent + 1) for v in value) + "\n" + end + "]"
    if isinstance(value, Decimal):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def corpus_options(corpus):
    options = dict(CORPUS_OPTIONS)
    path = os.path.join(corpus, "corpus.json")
    if os.path.isfile(path):
        with open(path, encoding="utf-8") as f:
            given = json.load(f)
        unknown = sorted(set(given) - set(CORPUS_OPTIONS))
        if unknown:
            raise GenerateError("%s: unknown options %s" % (path, ", ".join(unknown)))
        options.update(given)
    return options


def main(argv):
    corpus = HERE
    if argv and (argv[0] == "--corpus" or argv[0].startswith("--corpus=")):
        if argv[0] == "--corpus":
            if len(argv) < 2:
                print("generate.py: --corpus needs a directory")
                return 1
            corpus, argv = argv[1], argv[2:]
        else:
            corpus, argv = argv[0][len("--corpus="):], argv[1:]
        corpus = os.path.abspath(corpus)
        if not os.path.isdir(corpus):
            print("generate.py: %s is not a directory" % corpus)
            return 1
    if shutil.which("terraform") is None:
        print("generate.py: `terraform` is not on PATH; skipping (expected.json files left as they are)")
        return 0
    try:
        options = corpus_options(corpus)
    except GenerateError as e:
        print("generate.py: %s" % e)
        return 1
    cases = sorted(
        n for n in os.listdir(corpus)
        if CASE_RE.match(n) and os.path.isdir(os.path.join(corpus, n))
    )
    if argv:
        cases = [c for c in cases if any(c.startswith(a) for a in argv)]
        if not cases:
            print("generate.py: no case matches %s" % " ".join(argv))
            return 1
    env = tf_env()
    failed = 0
    for case in cases:
        case_dir = os.path.join(corpus, case)
        try:
            result = run_case(case_dir, env, options)
        except GenerateError as e:
            failed += 1
            print("FAIL %s: %s" % (case, e))
            continue
        with open(os.path.join(case_dir, "expected.json"), "w", encoding="utf-8") as f:
            f.write(dump(result) + "\n")
        errors = sum(1 for s in result["steps"] if s.get("error"))
        print("ok   %s (%d steps%s)" % (case, len(result["steps"]),
                                      ", %d error" % errors if errors else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
