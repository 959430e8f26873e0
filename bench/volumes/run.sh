#!/bin/sh
# The volume benchmark in one command: MotorPick vs the reference's Python stack (numpy, torch F.interpolate, Pillow,
# mrcfile) in alternating pairs, medians of 3, printed as a ratio table with the CPU model and ISA at the top.
#   bench/volumes/run.sh [workdir] [--repeats N] [--only motorpick|python] [--jobs job1,job2]
# Needs: the .NET SDK; apt-get install -y python3-torch python3-numpy python3-pil python3-mrcfile
set -e
cd "$(dirname "$0")/../.."
dotnet build bench/MotorPick.Bench.Volumes -c Release -v q -nologo >/dev/null
exec bench/MotorPick.Bench.Volumes/bin/Release/net10.0/MotorPick.Bench.Volumes run "$@"
