using MotorPick.Tests;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace MotorPick.Review.Web.Tests;

/// <summary>
/// The page in real headless Chromium: tag three items with the keyboard, reload, see them persisted; undo; and a
/// screenshot at laptop size (written next to the test assembly, and to $MOTORPICK_SCREENSHOT_DIR when set).
/// </summary>
public sealed class ReviewPageBrowserTests(ITestOutputHelper output)
{
    private const string Install = ChromiumFactAttribute.Install;

    [ChromiumFact]
    public async Task Tags_three_items_with_the_keyboard_and_they_survive_a_reload()
    {
        var executable = SystemTests.Require(Chromium.FindExecutable(), "chromium", Install);
        // Tomograms of realistic proportions (a 1000 Å circle of 50 voxels in 320-voxel slices) with heatmaps.
        await using var server = await RunningServer.StartAsync(new ReviewData(depth: 40, height: 320, width: 320, spacing: 20), d => d.Options(heatmaps: d.WriteHeatmaps()));
        await using var browser = await Chromium.LaunchAsync(executable, 1440, 900);

        // alice's login link: the server answers with a session cookie and the bare page.
        await browser.Navigate(server.Server.LoginUrl(server.Data.Tokens["alice"]).ToString());
        await browser.WaitFor("document.body.dataset.ready === '1'");
        Assert.Equal("alice", (await browser.Evaluate("document.querySelector('#reviewer').textContent"))!.GetValue<string>());
        Assert.DoesNotContain("token", (await browser.Evaluate("location.href"))!.GetValue<string>());
        Assert.Equal("0 / 5 decided", (await browser.Evaluate("document.querySelector('#progress-text').textContent"))!.GetValue<string>());
        Assert.Equal("item-0", (await browser.Evaluate("document.querySelector('#item-list [aria-selected=true]').id"))!.GetValue<string>());

        await browser.PressDigit(1);          // item 0 (FP): candidate 1 is a motor
        await browser.PressLetter('n');
        await browser.PressDigit(0);          // item 1 (FN): the label is right
        await browser.Press("ArrowRight", "ArrowRight", 39);
        await browser.PressDigit(2);          // item 2 (FP): candidate 2 is a motor ...
        await browser.PressDigit(1);          // ... and candidate 1 too ...
        await browser.PressDigit(1, shift: true); // ... no, not candidate 1
        await browser.WaitFor("document.body.dataset.pending === '0'");

        var alice = server.Server.Store.Current("alice").ToDictionary(d => d.Item, d => string.Join(",", d.Tags));
        Assert.Equal(new Dictionary<int, string> { [0] = "1", [1] = "0", [2] = "2" }, alice);

        await browser.Reload();
        await browser.WaitFor("document.body.dataset.ready === '1'");
        Assert.Equal(["1", "0", "2", "", ""], ListTags(await browser.Evaluate("[...document.querySelectorAll('#item-list li')].map(li => li.dataset.tags)")));
        Assert.Equal("3 / 5 decided", (await browser.Evaluate("document.querySelector('#progress-text').textContent"))!.GetValue<string>());
        Assert.Equal("item-2", (await browser.Evaluate("document.querySelector('#item-list [aria-selected=true]').id"))!.GetValue<string>());
        Assert.Equal(["false", "false", "true", "false"], ListTags(await browser.Evaluate("[...document.querySelectorAll('#tag-bar button')].map(b => b.getAttribute('aria-pressed'))")));

        // u undoes the last change (the removal of tag 1), Shift+1 takes it out again.
        await browser.PressLetter('u');
        await browser.WaitFor("document.body.dataset.pending === '0'");
        Assert.Equal("1,2", (await browser.Evaluate("document.querySelector('#item-2').dataset.tags"))!.GetValue<string>());
        await browser.PressDigit(1, shift: true);
        await browser.WaitFor("document.body.dataset.pending === '0'");
        Assert.Equal("2", string.Join(",", server.Server.Store.Current("alice").Single(d => d.Item == 2).Tags));

        // Scrub a few slices and wait for every panel to show its image, then take the screenshot.
        await browser.Press("]", "BracketRight", 221);
        await browser.Press("]", "BracketRight", 221);
        await browser.WaitFor("[...document.querySelectorAll('#columns img')].every(i => i.complete && i.naturalWidth > 0)");
        await browser.WaitFor("!document.querySelector('#status').classList.contains('show')", 10);
        await Task.Delay(400); // the toast's fade-out
        var png = await browser.Screenshot();
        Assert.True(png.Length > 10_000);
        var path = Path.Combine(AppContext.BaseDirectory, "review-page.png");
        await File.WriteAllBytesAsync(path, png);
        if (Environment.GetEnvironmentVariable("MOTORPICK_SCREENSHOT_DIR") is { Length: > 0 } dir)
            await File.WriteAllBytesAsync(Path.Combine(dir, "review-page.png"), png);
        output.WriteLine($"screenshot: {path}");

        Assert.True(browser.Errors.IsEmpty, string.Join("\n", browser.Errors));
    }

    [ChromiumFact]
    public async Task Without_a_session_the_page_asks_for_a_token_then_shows_who_is_logged_in()
    {
        var executable = SystemTests.Require(Chromium.FindExecutable(), "chromium", Install);
        await using var server = await RunningServer.StartAsync(new ReviewData(depth: 16, height: 48, width: 48));
        await using var browser = await Chromium.LaunchAsync(executable, 1280, 800);

        await browser.Navigate(server.Url.ToString());
        await browser.WaitFor("document.body.dataset.login === '1' && document.querySelector('#login').open");
        Assert.NotEqual("1", (await browser.Evaluate("document.body.dataset.ready || ''"))!.GetValue<string>());

        await browser.Evaluate("document.querySelector('#login-token').value = 'not-a-valid-token-0000'; document.querySelector('#login-form').requestSubmit(); 1");
        await browser.WaitFor("document.querySelector('#login-error').textContent.includes('not valid')");

        var token = server.Data.Tokens["bob"];
        await browser.Evaluate($"document.querySelector('#login-token').value = '{token}'; document.querySelector('#login-form').requestSubmit(); 1");
        await browser.WaitFor("document.body.dataset.ready === '1'");
        Assert.Equal("bob", (await browser.Evaluate("document.querySelector('#reviewer').textContent"))!.GetValue<string>());
        Assert.False((await browser.Evaluate("document.querySelector('#login').open"))!.GetValue<bool>());
        Assert.False((await browser.Evaluate("document.querySelector('#logout-button').hidden"))!.GetValue<bool>());

        await browser.PressDigit(1);
        await browser.WaitFor("document.body.dataset.pending === '0'");
        Assert.Equal("bob", server.Server.Store.Current().Single().Reviewer);

        // Logging out ends the session: the form is back, and the API refuses the browser's old cookie.
        await browser.Evaluate("document.querySelector('#logout-button').click(); 1");
        await browser.WaitFor("document.body.dataset.login === '1' && document.querySelector('#login').open");

        // The only errors are the refused requests of a browser without a session.
        Assert.All(browser.Errors, e => Assert.Contains("401", e));
    }

    private static string[] ListTags(JsonNode? node) => node!.AsArray().Select(n => n!.GetValue<string>()).ToArray();
}
