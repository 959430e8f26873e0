#!/usr/bin/env bash
# Starts a single-node Slurm cluster on this machine for the integration tests (tests/MotorPick.Scheduling.Tests):
# munged, slurmctld and slurmd from Debian's slurm-wlm and munge packages, configured for the real hostname with
# cgroup-free process tracking (proctrack/linuxproc, task/none) so it also runs inside containers without systemd.
# Idempotent: rewrites the same slurm.conf and starts only the daemons that are not running. No accounting database:
# 'motorpick slurm status' does not need sacct (each task records its exit code in the run directory).
# Needs root (or sudo). Usage: .ci/slurm/setup.sh        Stop: .ci/slurm/setup.sh --stop
set -euo pipefail

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi

if [ "${1:-}" = "--stop" ]; then
  for pidfile in /run/slurmd.pid /run/slurmctld.pid; do
    if [ -s "$pidfile" ]; then $sudo kill "$(cat "$pidfile")" 2>/dev/null || true; fi
  done
  exit 0
fi

for tool in munged slurmctld slurmd sbatch; do
  command -v "$tool" >/dev/null 2>&1 || { echo "slurm/setup.sh: $tool is missing (apt-get install slurm-wlm munge)" >&2; exit 1; }
done

host=$(hostname -s)
cpus=$(nproc)
mem_mb=$(awk '/MemTotal/ { printf "%d", $2 / 1024 * 0.9 }' /proc/meminfo)

conf=$(cat <<CONF
# Written by .ci/slurm/setup.sh: a single-node cluster for MotorPick's integration tests.
ClusterName=motorpick-ci
SlurmctldHost=${host}
SlurmUser=root
AuthType=auth/munge
StateSaveLocation=/var/lib/slurm/slurmctld
SlurmdSpoolDir=/var/lib/slurm/slurmd
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
# No cgroups: track processes by parent id, no task containment (works in containers).
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SwitchType=switch/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
# Keep finished jobs visible to squeue/scontrol for 10 minutes; cancelled tasks get SIGKILL 5 s after SIGTERM.
MinJobAge=600
KillWait=5
InactiveLimit=0
SlurmdTimeout=300
NodeName=${host} CPUs=${cpus} RealMemory=${mem_mb} State=UNKNOWN
PartitionName=debug Nodes=${host} Default=YES MaxTime=INFINITE State=UP
CONF
)

$sudo mkdir -p /etc/slurm /var/lib/slurm/slurmctld /var/lib/slurm/slurmd /var/log/slurm /run/munge
if [ "$(cat /etc/slurm/slurm.conf 2>/dev/null)" != "$conf" ]; then
  printf '%s\n' "$conf" | $sudo tee /etc/slurm/slurm.conf >/dev/null
  changed=1
else
  changed=0
fi

running() { [ -s "$1" ] && $sudo kill -0 "$(cat "$1")" 2>/dev/null; }

# munge: the package made /etc/munge/munge.key; munged runs as the munge user.
if [ ! -s /etc/munge/munge.key ]; then $sudo mungekey --create --keyfile=/etc/munge/munge.key; fi
$sudo chown munge:munge /etc/munge/munge.key /run/munge
$sudo chmod 0400 /etc/munge/munge.key
$sudo mkdir -p /var/lib/munge /var/log/munge
$sudo chown munge:munge /var/lib/munge /var/log/munge
if ! running /run/munge/munged.pid; then
  $sudo runuser -u munge -- /usr/sbin/munged
fi
munge -n | unmunge >/dev/null

if [ "$changed" = 1 ]; then
  for pidfile in /run/slurmd.pid /run/slurmctld.pid; do
    if running "$pidfile"; then $sudo kill "$(cat "$pidfile")"; sleep 1; fi
  done
fi
if ! running /run/slurmctld.pid; then $sudo slurmctld; fi
if ! running /run/slurmd.pid; then $sudo slurmd; fi

# Wait for the node to register, and bring it back if an earlier run left it down.
for _ in $(seq 1 60); do
  state=$(sinfo -h -n "$host" -o '%T' 2>/dev/null || true)
  case "$state" in
    idle*|mixed*|allocated*|completing*) echo "slurm/setup.sh: node $host is $state"; exit 0 ;;
    down*|drain*) $sudo scontrol update nodename="$host" state=resume 2>/dev/null || true ;;
  esac
  sleep 1
done
echo "slurm/setup.sh: node $host did not come up; see /var/log/slurm/slurmctld.log and slurmd.log" >&2
exit 1
