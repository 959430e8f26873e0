using MotorPick.Core;
using MotorPick.Review.Web.Security;

namespace MotorPick.Review.Web.Tests;

/// <summary>The reviewers file: hashed tokens only, private, tokens issued once; and where a shared token may come from.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ReviewerAccountsTests : IDisposable
{
    private readonly TempDir _tmp = Fixtures.TempDir();

    [Fact]
    public void The_reviewers_file_stores_no_plain_token_and_only_its_owner_can_read_it()
    {
        var path = _tmp.File("reviewers.json");
        var (accounts, issued) = ReviewerAccounts.AddAccounts(path, ["alice", "bob"]);
        Assert.Equal(["alice", "bob"], issued.Select(t => t.Reviewer));
        var text = File.ReadAllText(path);
        foreach (var t in issued)
        {
            Assert.True(t.Token.Length >= 40, t.Token);
            Assert.DoesNotContain(t.Token, text);
            Assert.DoesNotContain(t.Token[..12], text);
            Assert.Equal(t.Reviewer, accounts.Authenticate(t.Token));
        }
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.DoesNotContain(Directory.GetFiles(_tmp.Path), AtomicFile.IsTempName);

        // Salted: two accounts with the same token would still have different hashes (no shared table of hashes helps).
        var reloaded = ReviewerAccounts.Load(path);
        Assert.Equal(2, reloaded.All.Select(a => Convert.ToBase64String(a.Salt)).Distinct().Count());
        Assert.Equal("bob", reloaded.Authenticate(issued[1].Token));
        Assert.Null(reloaded.Authenticate(issued[1].Token + "x"));
        Assert.Null(reloaded.Authenticate(""));
        Assert.Null(reloaded.Authenticate(null));
    }

    [Fact]
    public void Tokens_are_issued_once_and_existing_accounts_keep_theirs()
    {
        var path = _tmp.File("reviewers.json");
        var first = ReviewerAccounts.AddAccounts(path, ["alice"]).Issued.Single();
        var (accounts, again) = ReviewerAccounts.AddAccounts(path, ["alice", "carol", "carol"]);
        Assert.Equal(["carol"], again.Select(t => t.Reviewer));
        Assert.Equal("alice", accounts.Authenticate(first.Token));
        Assert.Equal("carol", ReviewerAccounts.Load(path).Authenticate(again.Single().Token));
        Assert.NotEqual(first.Token, again.Single().Token);
    }

    [Theory]
    [InlineData("alice smith")]
    [InlineData("../bob")]
    [InlineData("-rf")]
    [InlineData("")]
    [InlineData("al\nice")]
    [InlineData("<script>")]
    public void Account_names_follow_the_identifier_rule(string name)
    {
        var path = _tmp.File("reviewers.json");
        var ex = Assert.Throws<MotorPickException>(() => ReviewerAccounts.AddAccounts(path, [name]));
        Assert.Contains(Identifiers.Expected, ex.Message);
        Assert.False(File.Exists(path));
        Assert.False(ReviewerName.IsValid(name));
    }

    [Fact]
    public void A_damaged_reviewers_file_is_reported_with_its_path()
    {
        var path = _tmp.File("reviewers.json");
        File.WriteAllText(path, "{\"format\":\"motorpick-reviewers\",\"version\":1,\"reviewers\":[{\"name\":\"alice\",\"salt\":\"!!\"}]}");
        var ex = Assert.Throws<MotorPickException>(() => ReviewerAccounts.Load(path));
        Assert.Equal(path, ex.Path);
        File.WriteAllText(path, "[1,2]");
        Assert.Throws<MotorPickException>(() => ReviewerAccounts.Load(path));
    }

    [Fact]
    public void A_shared_token_comes_from_a_file_or_the_environment_and_the_command_line_warns()
    {
        var warnings = new List<string>();
        var file = _tmp.File("token");
        File.WriteAllText(file, "from-the-file-0123456789\n");
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Assert.Equal("from-the-file-0123456789", ServeToken.Read(file, null, warnings.Add, _ => "from-the-environment-0123"));
        Assert.Empty(warnings);
        Assert.Equal("from-the-environment-0123", ServeToken.Read(null, null, warnings.Add, v => v == ServeToken.EnvironmentVariable ? "from-the-environment-0123" : null));
        Assert.Null(ServeToken.Read(null, null, warnings.Add, _ => null));
        Assert.Empty(warnings);

        Assert.Equal("on-the-command-line-0123", ServeToken.Read(null, "on-the-command-line-0123", warnings.Add, _ => null));
        Assert.Contains("process list", Assert.Single(warnings));

        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        warnings.Clear();
        ServeToken.Read(file, null, warnings.Add, _ => null);
        Assert.Contains("chmod 600", Assert.Single(warnings));

        File.WriteAllText(file, "short\n");
        Assert.Throws<MotorPickException>(() => ServeToken.Read(file, null, warnings.Add, _ => null));
        Assert.Throws<MotorPickException>(() => ServeToken.Read(_tmp.File("missing"), null, warnings.Add, _ => null));
        Assert.Throws<MotorPickException>(() => ServeToken.Read(file, "on-the-command-line-0123", warnings.Add, _ => null));
    }

    public void Dispose() => _tmp.Dispose();
}
