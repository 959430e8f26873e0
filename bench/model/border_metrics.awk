# Border share of confident candidates and review items per true motor.
#   awk -F, -v conf=0.5 -v slices=12 -v pixels=32 -f border_metrics.awk truth.csv candidates.csv
# truth.csv: synth's (every tomogram with its shape and spacing, every motor); candidates.csv: predict's (original voxels).
# A candidate is near the edge when it lies within `slices` slices of the first or last z or within `pixels` pixels of a
# y or x face. A true motor is found when a confident candidate lies within 1000 A of it (the competition's radius).
# "chance" is the share of the volume inside that band: what the border share would be if candidates fell anywhere.
FNR == 1 { file++; next }
file == 1 {
  id = $2; Z[id] = $6; Y[id] = $7; X[id] = $8; S[id] = $9
  if ($3 != -1) { n = ++motors[id]; mz[id, n] = $3; my[id, n] = $4; mx[id, n] = $5; total++ }
  next
}
file == 2 && ($5 + 0) >= conf {
  id = $1; z = $2; y = $3; x = $4
  if (!(id in Z)) { printf "candidate of unknown tomogram %s\n", id > "/dev/stderr"; exit 1 }
  confident++
  zedge = z < slices || z > Z[id] - 1 - slices
  xyedge = y < pixels || y > Y[id] - 1 - pixels || x < pixels || x > X[id] - 1 - pixels
  if (zedge || xyedge) near++
  if (zedge) nearz++
  if (xyedge) nearxy++
  hit = 0
  for (k = 1; k <= motors[id]; k++) {
    d = sqrt((z - mz[id, k]) ^ 2 + (y - my[id, k]) ^ 2 + (x - mx[id, k]) ^ 2) * S[id]
    if (d <= 1000) { found[id, k] = 1; hit = 1 }
  }
  if (!hit) { fp++; if (zedge || xyedge) fpnear++ }
}
END {
  for (id in Z) {
    inner = (Z[id] - 2 * slices) * (Y[id] - 2 * pixels) * (X[id] - 2 * pixels)
    chance += 1 - (inner > 0 ? inner : 0) / (Z[id] * Y[id] * X[id]); tomos++
  }
  for (key in found) nfound++
  printf "tomograms %d, true motors %d, confident candidates (conf >= %s) %d\n", tomos, total, conf, confident
  printf "near the edge (%d slices / %d px): %d (%.1f %%; z faces %d, y/x faces %d); chance share of the volume %.1f %%\n", \
    slices, pixels, near, confident ? 100 * near / confident : 0, nearz, nearxy, 100 * chance / tomos
  printf "false positives %d, of them near the edge %d\n", fp, fpnear
  printf "true motors found %d of %d; review items per true motor found %.2f\n", nfound, total, nfound ? confident / nfound : 0
}
