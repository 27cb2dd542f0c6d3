#!/usr/bin/env python3
"""Prints the shell steps of a CI example as one bash script, to run as the CI would.

Used by tests/e2e/examples.bats. Usage:
  example_steps.py github WORKFLOW.yml   every `run:` step of every job, in order, each in
      `bash -e` as GitHub Actions runs a step with no `shell:`; `uses:` steps are left out
      (actions are GitHub's), and so is the step named "install pm" (the package it fetches
      is built and installed by tests/e2e/package.bats). `if: github.ref == 'REF'` becomes
      a test of $GITHUB_REF and `${{ github.NAME }}` becomes $GITHUB_NAME; any other
      expression in a step that runs is an error, so the test cannot silently skip one.
  example_steps.py gitlab GITLAB-CI.yml JOB   the job's `script:` lines in one bash with
      `set -eo pipefail`, as GitLab's runner runs them; `before_script:` (installing pm)
      is left out for the same reason.
The script stops at the first failing step with its exit status, and names the step.
"""

import re
import shlex
import sys

import yaml

EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def github_expression(text):
    def replace(m):
        name = re.fullmatch(r"github\.([a-z_]+)", m.group(1))
        if not name:
            raise SystemExit(f"example_steps.py: cannot emulate the expression {m.group(0)!r}")
        return "${GITHUB_" + name.group(1).upper() + "}"
    return EXPRESSION.sub(replace, text)


def github_condition(text):
    m = re.fullmatch(r"github\.ref\s*==\s*'([^']*)'", text.strip())
    if m:
        return f'[ "$GITHUB_REF" = {shlex.quote(m.group(1))} ]'
    if text.strip() == "always()":
        return "true"
    raise SystemExit(f"example_steps.py: cannot emulate the condition {text!r}")


def github(path):
    workflow = yaml.safe_load(open(path))
    out = ['run_step() {', '  echo "== $1" >&2',
           '  bash -e -c "$2" || { status=$?; echo "step \'$1\' failed: exit $status" >&2; exit $status; }',
           '}']
    for job_name, job in workflow["jobs"].items():
        for step in job["steps"]:
            if "run" not in step or step.get("name") == "install pm":
                continue
            line = f"run_step {shlex.quote(job_name + ': ' + step.get('name', 'run'))} {shlex.quote(github_expression(step['run']))}"
            if "if" in step:
                line = f"if {github_condition(step['if'])}; then {line}; fi"
            out.append(line)
    return "\n".join(out)


def gitlab(path, job_name):
    job = yaml.safe_load(open(path))[job_name]
    out = ["set -eo pipefail"]
    for command in job["script"]:
        out.append(f"echo {shlex.quote('$ ' + command.splitlines()[0])} >&2")
        out.append(command.rstrip("\n"))
    return "\n".join(out)


def main():
    kind = sys.argv[1]
    script = github(sys.argv[2]) if kind == "github" else gitlab(sys.argv[2], sys.argv[3])
    print("#!/bin/bash\n" + script)


if __name__ == "__main__":
    main()
