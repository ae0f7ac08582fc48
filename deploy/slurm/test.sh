#!/usr/bin/env bash
# A real Slurm run of deploy/slurm/shard.sh and merge.sh on this machine.
#
#   bash deploy/slurm/test.sh          # as root; CI runs it after the tests
#
# 1. Installs Slurm and MUNGE from Debian when missing (slurmctld, slurmd,
#    slurm-client, munge), and starts a single-node cluster of its own in a
#    temporary folder: a fresh MUNGE key and socket, a generated slurm.conf for
#    localhost with this machine's CPUs and memory, plugins that need no
#    systemd or cgroups (proctrack/linuxproc, task/none), ports 16817/16818.
# 2. Submits the array over fixtures/ (3 shards) and the merge as a dependent
#    job (afterok), waits, and checks that the merged dataset equals a plain
#    `iki ingest fixtures` (every documents/*.json and the three CSVs, byte for
#    byte).
# 3. Again, killing one shard task while it runs: the merge does not start;
#    the task is requeued (scontrol requeue), the merge's dependency set again,
#    and the merged dataset is still identical (the README's cluster section).
# 4. Stops every daemon it started and removes its folder (trap on exit).
#
# Every wait is bounded (IKI_SLURM_TIMEOUT seconds each, default 600).
# Settings: IKI (the binary; default target/release/iki, built when missing),
# IKI_SLURM_KEEP=1 keeps the temporary folder.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
TIMEOUT=${IKI_SLURM_TIMEOUT:-600}
START=$(date +%s)
say() { echo "slurm test: $*" >&2; }
die() { say "FAILED: $*"; exit 1; }

# --- packages and binary --------------------------------------------------
if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v sbatch >/dev/null || ! command -v munged >/dev/null; then
    say "installing slurmctld slurmd slurm-client munge"
    export DEBIAN_FRONTEND=noninteractive
    apt-get -o DPkg::Lock::Timeout=600 update -qq
    apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends slurmctld slurmd slurm-client munge >/dev/null
fi
if [ -z "${IKI:-}" ]; then
    IKI=$ROOT/target/release/iki
    [ -x "$IKI" ] || (cd "$ROOT" && cargo build --release --quiet)
fi
export IKI
[ -x "$IKI" ] || die "no iki binary at $IKI"

# --- the cluster ----------------------------------------------------------
W=$(mktemp -d /tmp/iki-slurm.XXXXXX)
chmod 755 "$W"
mkdir -p "$W/state" "$W/spool" "$W/logs"
export SLURM_CONF=$W/slurm.conf

# Stops what this script started, whatever happened.
cleanup() {
    status=$?
    set +e
    if [ -f "$W/slurmctld.pid" ]; then
        # Jobs first (their slurmstepd would outlive the daemons), then the daemons.
        timeout 20 scancel --partition=iki --full >/dev/null 2>&1
        for _ in $(seq 1 20); do
            [ -z "$(timeout 10 squeue -h -t running,completing 2>/dev/null)" ] && break
            sleep 1
        done
        timeout 20 scontrol shutdown >/dev/null 2>&1
    fi
    for name in slurmd slurmctld munged; do
        pid=$(cat "$W/$name.pid" 2>/dev/null) || continue
        for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; [ "$_" = 5 ] && kill "$pid"; sleep 0.5; done
        kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
    done
    if [ "$status" != 0 ]; then
        for f in "$W"/logs/* "$W"/slurmctld.log "$W"/slurmd.log; do
            [ -f "$f" ] && { echo "--- $f"; tail -n 30 "$f"; } >&2
        done
    fi
    [ "${IKI_SLURM_KEEP:-0}" = 1 ] && say "kept $W" || rm -rf "$W"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

mungekey --create --keyfile="$W/munge.key"
munged --key-file="$W/munge.key" --socket="$W/munge.sock" --pid-file="$W/munged.pid" \
    --log-file="$W/munged.log" --seed-file="$W/munged.seed"

host=$(hostname -s)
cpus=$(nproc)
mem_mb=$(( $(awk '/^MemTotal:/ {print $2}' /proc/meminfo) / 1024 * 9 / 10 ))
cat >"$SLURM_CONF" <<EOF
# Written by deploy/slurm/test.sh: one node, this machine, no systemd or cgroups.
ClusterName=iki-test
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=16817
SlurmdPort=16818
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$W/munge.sock
StateSaveLocation=$W/state
SlurmdSpoolDir=$W/spool
SlurmctldPidFile=$W/slurmctld.pid
SlurmdPidFile=$W/slurmd.pid
SlurmctldLogFile=$W/slurmctld.log
SlurmdLogFile=$W/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
MpiDefault=none
SwitchType=switch/none
ReturnToService=2
MinJobAge=3600
NodeName=iki-node NodeAddr=127.0.0.1 NodeHostname=$host CPUs=$cpus RealMemory=$mem_mb State=UNKNOWN
PartitionName=iki Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
slurmctld -i
slurmd -N iki-node

# Waits (bounded) until `cmd` succeeds.
wait_for() {
    local what=$1; shift
    local t0=$SECONDS
    until "$@"; do
        [ $(( SECONDS - t0 )) -lt "$TIMEOUT" ] || die "timed out after ${TIMEOUT}s waiting for $what"
        sleep 1
    done
}
node_idle() { [ "$(sinfo -h -n iki-node -o %T 2>/dev/null)" = idle ]; }
wait_for "the node to come up" node_idle
say "cluster up: node iki-node, $cpus CPUs, ${mem_mb} MB"

# The state of one job or array task (JobState, or JobState/Reason when pending).
job_state() {
    local line
    line=$(scontrol show job -o "$1" 2>/dev/null | head -n 1)
    local st=${line##*JobState=}; st=${st%% *}
    local re=${line##*Reason=}; re=${re%% *}
    if [ "$st" = PENDING ]; then echo "PENDING/$re"; else echo "$st"; fi
}
# Waits until a job ends; fails unless it COMPLETED.
wait_done() {
    local id=$1 t0=$SECONDS st
    while :; do
        st=$(job_state "$id")
        case $st in
            COMPLETED) return 0 ;;
            FAILED | CANCELLED | TIMEOUT | NODE_FAIL | OUT_OF_MEMORY | BOOT_FAIL | DEADLINE | PENDING/DependencyNeverSatisfied)
                die "job $id ended $st" ;;
        esac
        [ $(( SECONDS - t0 )) -lt "$TIMEOUT" ] || die "timed out after ${TIMEOUT}s waiting for job $id (state $st)"
        sleep 1
    done
}

FIXTURES=$ROOT/fixtures
SHARDS=3
cpt=$(( cpus >= 2 ? 2 : 1 ))
# Submits the array and its merge over fixtures/ into $1; prints "array_id merge_id".
submit() {
    local work=$1 jid mid
    jid=$(sbatch --parsable --array=0-$(( SHARDS - 1 )) --cpus-per-task=$cpt -o "$W/logs/$(basename "$work")-shard-%a.out" \
        "$ROOT/deploy/slurm/shard.sh" "$FIXTURES" "$work" "$SHARDS")
    mid=$(sbatch --parsable --dependency=afterok:"$jid" --cpus-per-task=$cpt -o "$W/logs/$(basename "$work")-merge.out" \
        "$ROOT/deploy/slurm/merge.sh" "$work")
    echo "$jid $mid"
}
# The merged dataset equals the single run: records and CSVs, byte for byte.
same_as_single() {
    local merged=$1/dataset
    diff -r "$W/single/documents" "$merged/documents" >/dev/null || die "$merged/documents differs from a plain ingest"
    for f in documents.csv blocks.csv indicators.csv; do
        cmp -s "$W/single/$f" "$merged/$f" || die "$merged/$f differs from a plain ingest"
    done
}

# --- the reference: one plain run ------------------------------------------
set +e
"$IKI" ingest "$FIXTURES" --out "$W/single" --quiet
status=$?
set -e
[ "$status" -le 1 ] || die "iki ingest exited $status"
n_docs=$(ls "$W/single/documents" | wc -l)
say "plain ingest: $n_docs records"

# --- 1. the array and the merge --------------------------------------------
read -r jid mid < <(submit "$W/run1")
say "run 1: array job $jid (3 shards), merge job $mid (afterok:$jid)"
wait_done "$mid"
for t in $(seq 0 $(( SHARDS - 1 ))); do [ "$(job_state "${jid}_$t")" = COMPLETED ] || die "task ${jid}_$t: $(job_state "${jid}_$t")"; done
same_as_single "$W/run1"
say "run 1: the merged dataset equals the plain ingest ($n_docs records, 3 CSVs)"

# --- 2. one shard task killed, requeued ----------------------------------
# Kill the shard holding the slowest document (the 3-page scan), once it has
# written its first record: the kill lands mid-shard.
scan=$FIXTURES/scanned/kromengan-2019__scanned-p1-3-4.pdf
h=$(sha256sum "$scan" | cut -c1-15)
k=$(( 0x$h % SHARDS ))
read -r jid mid < <(submit "$W/run2")
say "run 2: array job $jid, merge job $mid; task ${jid}_$k will be killed"
task_running() { [ "$(job_state "${jid}_$k")" = RUNNING ]; }
wait_for "task ${jid}_$k to start" task_running
has_record() { [ -n "$(ls "$W/run2/shards/$k/documents" 2>/dev/null)" ] || [ "$(job_state "${jid}_$k")" != RUNNING ]; }
wait_for "task ${jid}_$k to write a record" has_record
scancel --signal=KILL --full "${jid}_$k"
task_ended() { case $(job_state "${jid}_$k") in RUNNING | COMPLETING | PENDING*) return 1 ;; esac; }
wait_for "task ${jid}_$k to end" task_ended
st=$(job_state "${jid}_$k")
[ "$st" = CANCELLED ] || [ "$st" = FAILED ] || die "task ${jid}_$k ended $st before it could be killed"
others_done() {
    local t
    for t in $(seq 0 $(( SHARDS - 1 ))); do
        [ "$t" = "$k" ] || [ "$(job_state "${jid}_$t")" = COMPLETED ] || return 1
    done
}
wait_for "the other shard tasks" others_done
sleep 2
case $(job_state "$mid") in PENDING/*) ;; *) die "merge job $mid ran although a shard was killed: $(job_state "$mid")" ;; esac
[ ! -e "$W/run2/dataset" ] || die "the merge wrote a dataset although a shard was killed"
kept=$(ls "$W/run2/shards/$k/documents" | wc -l)
say "run 2: task ${jid}_$k killed ($st, $kept records written); merge job $mid held: $(job_state "$mid")"

# The retry, as in the README: requeue the task (start it now rather than after
# Slurm's requeue delay), and give the merge its dependency again, naming the
# tasks (the array's own record keeps the failure).
scontrol requeue "${jid}_$k"
scontrol update jobid="${jid}_$k" StartTime=now
deps=$(for t in $(seq 0 $(( SHARDS - 1 ))); do printf ':%s_%s' "$jid" "$t"; done)
scontrol update jobid="$mid" Dependency="afterok$deps"
wait_done "$mid"
[ "$(job_state "${jid}_$k")" = COMPLETED ] || die "requeued task ${jid}_$k: $(job_state "${jid}_$k")"
restarts=$(scontrol show job -o "${jid}_$k" | grep -o 'Restarts=[0-9]*')
same_as_single "$W/run2"
say "run 2: task ${jid}_$k requeued ($restarts), merged dataset equals the plain ingest"

say "passed in $(( $(date +%s) - START ))s"
