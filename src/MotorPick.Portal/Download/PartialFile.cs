using MotorPick.Core;
using MotorPick.Portal.Api;

namespace MotorPick.Portal.Download;

/// <summary>
/// The partial file of a download (<c>path + <see cref="HttpDownloader.PartialSuffix"/></c>). Its name is predictable,
/// so that a rerun finds it and continues: in a folder other users can write to, it must never be a link to a file of
/// ours. A link (even a dangling one) under that name is refused, a new partial is created exclusively (O_EXCL, which
/// never follows a link), and an existing one is opened for appending without following a link (O_NOFOLLOW).
/// </summary>
internal static class PartialFile
{
    private const string What = "the partial download";

    /// <summary>The bytes already there (0 when there is no partial), refusing a link planted under the name.</summary>
    public static long Length(string partial)
    {
        FileSync.RefuseLink(partial, What);
        var info = new FileInfo(partial);
        return info.Exists ? info.Length : 0;
    }

    /// <summary>Removes the partial (a link itself, never what it points to).</summary>
    public static void Discard(string partial)
    {
        try { File.Delete(partial); } catch (DirectoryNotFoundException) { }
    }

    /// <summary>Starts the partial afresh: whatever is under the name goes, and a new file is created exclusively.</summary>
    public static FileStream CreateNew(string partial)
    {
        Discard(partial);
        try
        {
            return new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.Read, 1 << 16);
        }
        catch (IOException) when (Path.Exists(partial) || new FileInfo(partial).LinkTarget is not null)
        {
            // something took the name between the delete and the create: a link is refused, anything else retried
            FileSync.RefuseLink(partial, What);
            throw new TransientException("the partial download reappeared while it was being restarted");
        }
    }

    /// <summary>Opens the partial to append after its first <paramref name="have"/> bytes, checking that it still has
    /// exactly those (so nothing changed it between the size check and the open).</summary>
    public static FileStream OpenAppend(string partial, long have)
    {
        var stream = FileSync.OpenAppendNoFollow(partial, What);
        if (stream.Length != have)
        {
            var now = stream.Length;
            stream.Dispose();
            throw new TransientException($"the partial download changed from {have} to {now} bytes while it was being resumed");
        }
        return stream;
    }
}
