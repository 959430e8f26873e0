using MotorPick.Core;
using MotorPick.Curation.Review;
using MotorPick.Labels;
using MotorPick.Labels.Tables;

namespace MotorPick.Curation.Patching;

/// <summary>How decisions change the labels.</summary>
public enum PatchSemantics
{
    /// <summary>Reference round 1 (6.2): tag 0 re-emits the tomogram's rows, tag k appends candidate k; a tomogram tagged without 0 loses its rows.</summary>
    Reference,

    /// <summary>Reference external round (6.5): a confirmed (TP) label is replaced by its matched prediction, a reviewed FN label is kept, accepted candidates are added.</summary>
    External,
}

/// <summary>What a patch did, for the console and the round manifest.</summary>
public sealed record PatchReport(int TomogramsChanged, int MotorsAdded, int MotorsRemoved, int MotorsReplaced, int Undecided);

/// <summary>
/// Applies review decisions to a per-motor label table and returns the next version: rows of touched tomograms get
/// <c>source</c> = the round name, added motors carry the candidate's confidence in <c>conf</c>, rows are renumbered,
/// untouched tomograms stay exactly as they were. No motor is dropped unless a decision rejects it (tags without 0).
/// </summary>
public static class LabelPatcher
{
    public static (TrainLabelsTable Table, PatchReport Report) Patch(TrainLabelsTable labels, ReviewSet review, DecisionSet decisions,
        string round, PatchSemantics semantics)
    {
        if (string.IsNullOrWhiteSpace(round) || round.Contains(',', StringComparison.Ordinal))
            throw new MotorPickException($"the round name must be non-empty and without commas, found '{round}'");
        var items = review.Items.ToDictionary(i => i.Index);
        foreach (var d in decisions.Decisions)
        {
            if (!items.TryGetValue(d.ItemIndex, out var item) || item.TomoId != d.TomoId)
                throw new MotorPickException($"decision for item {d.ItemIndex} ({d.TomoId}) does not belong to this review", field: "decisions");
            var bad = d.AcceptedCandidates.FirstOrDefault(k => k < 1 || k > item.Candidates.Count);
            if (bad != 0) throw new MotorPickException($"decision for {d.TomoId} accepts candidate {bad}, but the item has {item.Candidates.Count}", field: "decisions");
        }

        // Columns: keep what the table has and make sure source and conf exist.
        var extra = labels.ExtraColumns.ToList();
        var hadSource = extra.Contains("source");
        var hadConf = extra.Contains("conf");
        if (!hadSource) extra.Add("source");
        if (!hadConf) extra.Add("conf");
        var iSource = extra.IndexOf("source");
        var iConf = extra.IndexOf("conf");
        IReadOnlyList<string> Extend(TrainLabelRow r)
        {
            var v = r.Extra.ToList();
            if (!hadSource) v.Add("origin");
            if (!hadConf) v.Add("1.0");
            return v;
        }

        var byTomo = decisions.Decisions.Where(d => d.Decided).GroupBy(d => d.TomoId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        var matchesByTomo = review.Matches.GroupBy(m => m.TomoId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        var rows = new List<TrainLabelRow>();
        int changed = 0, added = 0, removed = 0, replaced = 0;
        foreach (var group in labels.ByTomogram())
        {
            var g = group.ToArray();
            var decided = byTomo.GetValueOrDefault(group.Key);
            var tpMatches = semantics == PatchSemantics.External ? matchesByTomo.GetValueOrDefault(group.Key) : null;
            if (decided is null && tpMatches is null)
            {
                rows.AddRange(g.Select(r => r with { Extra = Extend(r) }));
                continue;
            }
            changed++;
            TrainLabelRow Tagged(TrainLabelRow r, Point3? motor = null, double? conf = null)
            {
                var v = Extend(r).ToList();
                v[iSource] = round;
                if (conf is not null) v[iConf] = PyFormat.Float(conf.Value);
                return r with { Motor = motor ?? r.Motor, Extra = v };
            }

            var emitted = new List<TrainLabelRow>();
            var motorRows = g.Where(r => r.HasMotor).ToArray();
            if (semantics == PatchSemantics.Reference && review.Match == MatchMode.Top1)
            {
                // 6.2: for each tag in order, 0 re-emits the tomogram's rows, k appends candidate k.
                var kept = false;
                foreach (var d in decided!)
                {
                    var item = items[d.ItemIndex];
                    foreach (var tag in d.Tags)
                    {
                        if (tag == 0)
                        {
                            kept = true;
                            emitted.AddRange(g.Select(r => Tagged(r)));
                            continue;
                        }
                        emitted.Add(Tagged(g[0], item.Candidates[tag - 1].Point, item.Candidates[tag - 1].Conf));
                        added++;
                    }
                }
                if (!kept) removed += motorRows.Length;
            }
            else
            {
                // Label rows first (replaced by their match, kept, or rejected), then accepted candidates.
                var confirmed = (matchesByTomo.GetValueOrDefault(group.Key) ?? []).Select(m => m.LabelIndex).ToHashSet();
                var rejected = new HashSet<int>();
                foreach (var d in decided ?? [])
                {
                    // Only the labels no confident candidate confirmed are under review on an FN item.
                    if (d.KeepLabels == false && items[d.ItemIndex].Judge == Judgement.FN)
                        rejected.UnionWith(Enumerable.Range(0, motorRows.Length).Where(i => !confirmed.Contains(i)));
                }
                for (var i = 0; i < motorRows.Length; i++)
                {
                    if (rejected.Contains(i)) { removed++; continue; }
                    var match = tpMatches?.FirstOrDefault(m => m.LabelIndex == i);
                    if (match is null) { emitted.Add(Tagged(motorRows[i])); continue; }
                    replaced++;
                    emitted.Add(Tagged(motorRows[i], match.Candidate.Point, match.Candidate.Conf));
                }
                foreach (var d in decided ?? [])
                {
                    var item = items[d.ItemIndex];
                    foreach (var k in d.AcceptedCandidates)
                    {
                        var c = item.Candidates[k - 1];
                        if (emitted.Any(r => r.HasMotor && r.Motor == c.Point)) continue; // the same candidate accepted on two items
                        emitted.Add(Tagged(g[0], c.Point, c.Conf));
                        added++;
                    }
                }
                if (emitted.Count == 0) emitted.Add(Tagged(g[0], Point3.None)); // a tomogram with no motor left keeps a -1 row
            }
            rows.AddRange(emitted);
        }
        var renumbered = rows.Select((r, i) => r with { RowId = i }).ToArray();
        var undecided = decisions.Decisions.Count(d => !d.Decided) + review.Items.Count - decisions.Decisions.Count;
        return (new TrainLabelsTable(renumbered, extra), new PatchReport(changed, added, removed, replaced, undecided));
    }
}
