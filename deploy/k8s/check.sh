#!/usr/bin/env bash
# Checks the Kubernetes manifests without a cluster (CI runs it):
# - each is valid against the Kubernetes API schema, strictly (no unknown
#   field), with kubernetes-validate from PyPI (it ships the schemas), in a
#   virtualenv of its own;
# - the Jobs run the scripts deploy/slurm/test.sh tests on a real Slurm
#   (shard.sh, merge.sh), the ingest Job with as many completions as shards,
#   all on the one ReadWriteMany claim.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
VENV=${IKI_K8S_VENV:-/tmp/iki-k8s-venv}
if [ ! -x "$VENV/bin/kubernetes-validate" ]; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check 'kubernetes-validate>=1.30'
fi
"$VENV/bin/kubernetes-validate" --strict --quiet "$ROOT"/deploy/k8s/*.yaml
"$VENV/bin/python" - "$ROOT" <<'PY'
import pathlib, sys, yaml
root = pathlib.Path(sys.argv[1])
docs = {p.name: yaml.safe_load(p.read_text()) for p in (root / "deploy/k8s").glob("*.yaml")}
def pod(job):
    return job["spec"]["template"]["spec"]
def fail(msg):
    sys.exit(f"deploy/k8s: {msg}")
claim = docs["volume.yaml"]
if claim["spec"]["accessModes"] != ["ReadWriteMany"]:
    fail("the shared volume must be ReadWriteMany")
name = claim["metadata"]["name"]
for f, script in [("ingest-job.yaml", "shard.sh"), ("merge-job.yaml", "merge.sh")]:
    spec = pod(docs[f])
    cmd = spec["containers"][0]["command"]
    if cmd[:2] != ["bash", f"/opt/iki/deploy/slurm/{script}"] or not (root / "deploy/slurm" / script).is_file():
        fail(f"{f} must run deploy/slurm/{script} (the script the Slurm test runs), not {cmd}")
    if [v["persistentVolumeClaim"]["claimName"] for v in spec["volumes"]] != [name]:
        fail(f"{f} must mount the claim {name}")
ingest = docs["ingest-job.yaml"]
if ingest["spec"]["completionMode"] != "Indexed":
    fail("the ingest Job must be an Indexed Job (JOB_COMPLETION_INDEX)")
n = pod(ingest)["containers"][0]["command"][4]
if str(ingest["spec"]["completions"]) != n:
    fail(f"completions ({ingest['spec']['completions']}) must equal the shard count given to shard.sh ({n})")
print(f"deploy/k8s: {len(docs)} manifests valid; the Jobs run deploy/slurm/shard.sh ({n} shards) and merge.sh on {name} (ReadWriteMany)")
PY
