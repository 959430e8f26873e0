using MotorPick.Core;
using MotorPick.Curation.Review;
using MotorPick.Review.Web.Storage;

namespace MotorPick.Review.Web.Tests;

/// <summary>The SQLite decision store: current tags, history with previous values, undo, replays, export, agreement.</summary>
public sealed class DecisionStoreTests : IDisposable
{
    private readonly ReviewData _data = new(depth: 8, height: 32, width: 32);
    private readonly FakeClock _clock = new();

    private DecisionStore Open(string name = "d.sqlite") => DecisionStore.Open(Path.Combine(_data.Root, name), _data.Review, _clock);

    [Fact]
    public void The_review_has_the_expected_items()
    {
        Assert.Equal([Judgement.FP, Judgement.FN, Judgement.FP, Judgement.FN, Judgement.FP], _data.Review.Items.Select(i => i.Judge));
    }

    [Fact]
    public void Add_remove_and_set_record_history_with_previous_values()
    {
        using var store = Open();
        Assert.Equal([1], store.Apply(0, "alice", TagAction.Add, [1]).Tags);
        Assert.Equal([1, 2], store.Apply(0, "alice", TagAction.Add, [2]).Tags);
        Assert.Equal([2], store.Apply(0, "alice", TagAction.Remove, [1]).Tags);
        var same = store.Apply(0, "alice", TagAction.Add, [2]);
        Assert.False(same.Changed);
        Assert.Equal([0], store.Apply(1, "alice", TagAction.Set, [0]).Tags);

        var history = store.History(item: 0);
        Assert.Equal(3, history.Count);
        Assert.Equal(["remove", "add", "add"], history.Select(e => e.Action));
        Assert.Equal([[2], [1, 2], [1]], history.Select(e => e.Tags));
        Assert.Equal([[1, 2], [1], []], history.Select(e => e.Previous));
        Assert.All(history, e => Assert.Equal("alice", e.Reviewer));
        Assert.Equal([2], store.Current("alice").Single(d => d.Item == 0).Tags);
    }

    [Fact]
    public void On_an_item_labelled_no_motor_tag_0_and_candidate_tags_exclude_each_other()
    {
        using var store = Open();
        Assert.Empty(_data.Review.Items[0].Labels);
        Assert.Equal([0], store.Apply(0, "alice", TagAction.Add, [0]).Tags);
        Assert.Equal([1], store.Apply(0, "alice", TagAction.Add, [1]).Tags);
        Assert.Equal([1, 2], store.Apply(0, "alice", TagAction.Add, [2]).Tags);
        Assert.Equal([0], store.Apply(0, "alice", TagAction.Add, [0]).Tags);
        Assert.Throws<ArgumentException>(() => store.Apply(0, "alice", TagAction.Set, [0, 1]));
        // An item with a label keeps it and adds a candidate: tags 0 and 1 together (the reference's manual FN fixes).
        Assert.Equal([0, 1], store.Apply(3, "alice", TagAction.Set, [0, 1]).Tags);
    }

    [Fact]
    public void Tags_that_the_item_does_not_have_and_bad_names_are_refused()
    {
        using var store = Open();
        Assert.Throws<ArgumentException>(() => store.Apply(1, "alice", TagAction.Add, [1])); // the FN item has no candidate
        Assert.Throws<ArgumentException>(() => store.Apply(0, "alice", TagAction.Add, [-1]));
        Assert.Throws<ArgumentException>(() => store.Apply(99, "alice", TagAction.Add, [0]));
        Assert.Throws<ArgumentException>(() => store.Apply(0, "<script>", TagAction.Add, [0]));
        Assert.Empty(store.History());
    }

    [Fact]
    public void Undo_walks_back_one_reviewers_changes_and_leaves_others_alone()
    {
        using var store = Open();
        store.Apply(0, "alice", TagAction.Add, [1]);
        store.Apply(2, "alice", TagAction.Add, [2]);
        store.Apply(0, "bob", TagAction.Add, [0]);
        store.Apply(2, "alice", TagAction.Add, [3]);

        var u1 = store.Undo("alice")!;
        Assert.Equal(2, u1.Item);
        Assert.Equal([2], u1.Tags);
        Assert.Equal([2, 3], u1.Previous);
        var u2 = store.Undo("alice")!;
        Assert.Equal(2, u2.Item);
        Assert.Empty(u2.Tags);
        var u3 = store.Undo("alice")!;
        Assert.Equal(0, u3.Item);
        Assert.Empty(u3.Tags);
        Assert.Null(store.Undo("alice"));

        Assert.Empty(store.Current("alice"));
        Assert.Equal([0], store.Current("bob").Single().Tags);
        var events = store.History(reviewer: "alice");
        Assert.Equal(6, events.Count);
        Assert.Equal(3, events.Count(e => e.Action == "undo"));
        Assert.All(events.Where(e => e.Action != "undo"), e => Assert.NotNull(e.UndoneBy));
    }

    [Fact]
    public void A_replayed_request_id_is_answered_from_the_history_and_applied_once()
    {
        using var store = Open();
        var first = store.Apply(0, "alice", TagAction.Add, [1], "req-1");
        store.Apply(0, "alice", TagAction.Remove, [1], "req-2");
        var again = store.Apply(0, "alice", TagAction.Add, [1], "req-1");
        Assert.True(again.Replayed);
        Assert.Equal(first.EventId, again.EventId);
        Assert.Empty(store.Current("alice"));
        Assert.Equal(2, store.History().Count);
        Assert.Throws<ArgumentException>(() => store.Apply(0, "bob", TagAction.Add, [1], "req-1"));
    }

    [Fact]
    public void Decisions_survive_reopening_and_record_time()
    {
        using (var store = Open()) store.Apply(4, "alice", TagAction.Add, [1]);
        using var again = Open();
        var d = again.Current().Single();
        Assert.Equal((4, "tomo_e3a4b5", "alice"), (d.Item, d.TomoId, d.Reviewer));
        Assert.Equal([1], d.Tags);
        Assert.Equal(_clock.Now, d.Time);
    }

    [Fact]
    public void A_database_of_another_review_is_refused()
    {
        using (var store = Open()) store.Apply(0, "alice", TagAction.Add, [1]);
        var other = _data.Review with { Items = _data.Review.Items.Skip(1).Select((i, k) => i with { Index = k }).ToArray() };
        var ex = Assert.Throws<MotorPickException>(() => DecisionStore.Open(Path.Combine(_data.Root, "d.sqlite"), other));
        Assert.Contains("belongs to another review", ex.Message);
    }

    [Fact]
    public void Export_gives_decisions_json_per_reviewer_and_reports_disagreements()
    {
        using var store = Open();
        store.Apply(0, "alice", TagAction.Add, [1]);
        store.Apply(0, "bob", TagAction.Add, [1]);
        store.Apply(2, "alice", TagAction.Add, [2]);
        store.Apply(2, "bob", TagAction.Add, [0]);
        store.Apply(3, "bob", TagAction.Set, [0, 1]);
        store.Apply(4, "alice", TagAction.Add, [1]);
        store.Apply(4, "alice", TagAction.Remove, [1]);

        var all = store.Export();
        Assert.Equal("web", all.Source);
        Assert.Equal([0, 3], all.Decisions.Select(d => d.ItemIndex));
        Assert.Equal("alice,bob", all.Decisions[0].Reviewer);
        Assert.Equal([0, 1], all.Decisions[1].Tags);
        Assert.Equal(Judgement.FN, all.Decisions[1].Judge);
        var problem = Assert.Single(all.Problems);
        Assert.Equal(_data.Review.Items[2].ImageName, problem.Image);
        Assert.Contains("alice: 2; bob: 0", problem.Message);

        var alice = store.Export("alice");
        Assert.Equal([0, 2], alice.Decisions.Select(d => d.ItemIndex));
        Assert.Empty(alice.Problems);

        // The file round-trips through the curation library's reader (what labels patch uses).
        var path = Path.Combine(_data.Root, "decisions.json");
        DecisionFile.Write(path, all);
        var read = DecisionFile.Read(path);
        Assert.Equal(all.Decisions.Select(d => (d.ItemIndex, d.TomoId, string.Join(",", d.Tags))), read.Decisions.Select(d => (d.ItemIndex, d.TomoId, string.Join(",", d.Tags))));
    }

    [Fact]
    public void Agreement_lists_items_of_several_reviewers_and_pairwise_rates()
    {
        using var store = Open();
        store.Apply(0, "alice", TagAction.Add, [1]);
        store.Apply(0, "bob", TagAction.Add, [1]);
        store.Apply(2, "alice", TagAction.Add, [2]);
        store.Apply(2, "bob", TagAction.Add, [0]);
        store.Apply(2, "carol", TagAction.Add, [2]);
        store.Apply(4, "alice", TagAction.Add, [1]);

        var report = store.Agreement();
        Assert.Equal(["alice", "bob", "carol"], report.Reviewers);
        Assert.Equal([(0, true), (2, false)], report.Items.Select(i => (i.Item, i.Agree)));
        var ab = report.Pairs.Single(p => p.A == "alice" && p.B == "bob");
        Assert.Equal((2, 1, 0.5), (ab.Both, ab.Agreed, ab.Fraction));
        Assert.Equal((1, 1), report.Pairs.Single(p => p.A == "alice" && p.B == "carol") is var ac ? (ac.Both, ac.Agreed) : default);

        var progress = store.Progress();
        Assert.Equal((3, 5), (progress.Done, progress.Total));
        Assert.Equal(3, progress.ByReviewer["alice"]);
        Assert.Equal(3, store.Progress("alice").Done);
    }

    public void Dispose() => _data.Dispose();

    private sealed class FakeClock : TimeProvider
    {
        public DateTimeOffset Now { get; } = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
