using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace MotorPick.Core;

public sealed partial class OutputLock
{
    /// <summary>Longest time a takeover (a read and a delete) can take; a takeover marker of another host older than this
    /// was left by a taker that died.</summary>
    private static readonly TimeSpan TakeoverHold = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Removes the stale lock at <paramref name="path"/> whose text was <paramref name="judgedText"/>, race-free for any
    /// number of processes. A taker first creates a takeover marker named after that very lock instance
    /// (<c>&lt;lock&gt;.takeover-&lt;hash of its text&gt;-&lt;k&gt;</c>, atomically, failing when it exists); only the marker's
    /// creator re-reads the lock and deletes it if it is still the instance judged stale. A lock file is never removed
    /// otherwise (its holder's release aside), and while it exists nobody can create another, so a taker whose judgement
    /// is out of date (the lock was taken over and taken again meanwhile) finds another instance under the marker and
    /// backs off. Marker k+1 is tried only when the holder of marker k died. Returns true when this call removed it.
    /// </summary>
    internal static bool TakeOver(string path, string judgedText, LockOwner me)
    {
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(judgedText)))[..16].ToLowerInvariant();
        var prefix = $"{path}.takeover-{key}-";
        for (int k = 1, tries = 0; k <= 8 && tries < 32; k++, tries++)
        {
            var marker = prefix + k.ToString(CultureInfo.InvariantCulture);
            if (!TryCreate(marker, me))
            {
                var (holder, readable) = ReadOwner(marker);
                if (!readable) { k--; continue; } // removed meanwhile: try the same marker again
                if (holder is not null && (IsHere(holder) ? !IsAlive(holder) : HeartbeatOf(marker) is { } t && DateTime.UtcNow - t > TakeoverHold)) continue;
                return false; // another taker is at it; the caller looks again
            }
            try
            {
                if (ReadText(path) != judgedText) return false; // gone, or another instance: not ours to remove
                System.IO.File.Delete(path);
                // every marker of this instance, also those of dead takers: the instance is gone, nobody can judge it again
                foreach (var m in System.IO.Directory.EnumerateFiles(System.IO.Path.GetDirectoryName(path)!, System.IO.Path.GetFileName(prefix) + "*"))
                    if (m != marker) TryDeleteFile(m);
                return true;
            }
            finally
            {
                TryDeleteFile(marker);
            }
        }
        return false;
    }

    /// <summary>The lock file's text, or null when it is gone.</summary>
    private static string? ReadText(string path)
    {
        for (var i = 0; i < 3; i++)
        {
            try { return System.IO.File.ReadAllText(path); }
            catch (FileNotFoundException) { return null; }
            catch (DirectoryNotFoundException) { return null; }
            catch (IOException) { Thread.Sleep(20); }
        }
        return null;
    }

    private static void TryDeleteFile(string path)
    {
        try { System.IO.File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
