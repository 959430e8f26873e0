using System.Net;
using System.Net.Http.Headers;
using MotorPick.Core;
using MotorPick.Portal.Api;
using MotorPick.Portal.Download;
using MotorPick.Tests;

namespace MotorPick.Portal.Tests;

/// <summary>The partial file of a download in a folder other users can write to: never a way into a file of ours.</summary>
public class PartialDownloadTests
{
    private static readonly byte[] Object100 = Enumerable.Range(0, 100).Select(i => (byte)i).ToArray();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_partial_download_planted_as_a_symlink_is_refused_and_the_file_it_points_to_is_untouched(bool dangling)
    {
        using var dir = Fixtures.TempDir();
        var victim = dir.File("home/notes.txt");
        Directory.CreateDirectory(dir.File("home"));
        if (!dangling) File.WriteAllText(victim, "my own data");
        var path = dir.File("raw/TS_1.mrc");
        Directory.CreateDirectory(dir.File("raw"));
        File.CreateSymbolicLink(path + HttpDownloader.PartialSuffix, victim);

        var ex = await Assert.ThrowsAsync<MotorPickException>(() =>
            Downloader(Object100).DownloadFileAsync("https://portal.test/TS_1.mrc", path, Object100.Length, "TS_1", null, default));
        Assert.Contains("symbolic link", ex.Message, StringComparison.Ordinal);
        Assert.Equal(dangling ? null : "my own data", File.Exists(victim) ? File.ReadAllText(victim) : null);
        Assert.False(Path.Exists(path));
    }

    [Fact]
    public async Task A_resumed_partial_is_discarded_not_appended_to_when_the_object_no_longer_has_the_expected_size()
    {
        using var dir = Fixtures.TempDir();
        var path = dir.File("TS_1.mrc");
        File.WriteAllBytes(path + HttpDownloader.PartialSuffix, Object100[..40]); // the beginning of the 100-byte object the portal describes
        var changed = Enumerable.Range(0, 150).Select(i => (byte)(255 - i)).ToArray();

        var ex = await Assert.ThrowsAsync<MotorPickException>(() =>
            Downloader(changed).DownloadFileAsync("https://portal.test/TS_1.mrc", path, Object100.Length, "TS_1", null, default));
        Assert.Contains("has 150 bytes but the portal says 100", ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(path + HttpDownloader.PartialSuffix));
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task A_partial_download_is_continued_by_range_into_the_whole_file()
    {
        using var dir = Fixtures.TempDir();
        var path = dir.File("TS_1.mrc");
        File.WriteAllBytes(path + HttpDownloader.PartialSuffix, Object100[..40]);
        var handler = new RangeHandler(Object100);
        Assert.True(await new HttpDownloader(new HttpClient(handler), RetryPolicy.Fast, 1, new TransferCounters())
            .DownloadFileAsync("https://portal.test/TS_1.mrc", path, Object100.Length, "TS_1", null, default));
        Assert.Equal(Object100, File.ReadAllBytes(path));
        Assert.Equal(["bytes=40-"], handler.Ranges);
        Assert.False(File.Exists(path + HttpDownloader.PartialSuffix));
    }

    private static HttpDownloader Downloader(byte[] content) =>
        new(new HttpClient(new RangeHandler(content)), RetryPolicy.Fast, 1, new TransferCounters());

    /// <summary>Serves one object, honouring <c>Range: bytes=N-</c> as S3 does.</summary>
    private sealed class RangeHandler(byte[] content) : HttpMessageHandler
    {
        public List<string> Ranges { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var from = request.Headers.Range?.Ranges.Single().From;
            if (from is null) return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(content) });
            Ranges.Add($"bytes={from}-");
            var body = new ByteArrayContent(content[(int)from.Value..]);
            body.Headers.ContentRange = new ContentRangeHeaderValue(from.Value, content.Length - 1, content.Length);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.PartialContent) { Content = body });
        }
    }
}
