// MSBuild inline task (RoslynCodeTaskFactory): marks one ELF version requirement as weak (VER_FLG_WEAK),
// so the dynamic loader accepts a shared library whose libstdc++ lacks that symbol version.
// Walks SHT_GNU_verneed -> Elf64_Verneed -> Elf64_Vernaux and sets bit 0x2 of vna_flags for the
// entry whose name (from the section's linked string table) equals VersionName. Idempotent.
using System;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

public class MotorPickWeakenGlibcxxNeed : Task
{
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlgWeak = 0x2;

    [Required]
    public ITaskItem[] Files { get; set; }

    [Required]
    public string VersionName { get; set; }

    public override bool Execute()
    {
        foreach (var item in Files)
        {
            var path = item.GetMetadata("FullPath");
            try
            {
                var result = Patch(path, VersionName);
                Log.LogMessage(MessageImportance.Low, "{0}: {1} {2}", path, VersionName, result);
            }
            catch (Exception ex) when (ex is IOException || ex is InvalidDataException || ex is UnauthorizedAccessException)
            {
                Log.LogError("could not mark {0} weak in {1}: {2}", VersionName, path, ex.Message);
            }
        }
        return !Log.HasLoggedErrors;
    }

    /// <summary>Returns "patched", "already weak" or "not required".</summary>
    public static string Patch(string path, string versionName)
    {
        using (var fs = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read))
        {
            var ident = Read(fs, 0, 64);
            if (ident[0] != 0x7f || ident[1] != (byte)'E' || ident[2] != (byte)'L' || ident[3] != (byte)'F')
                throw new InvalidDataException("not an ELF file (magic at offset 0)");
            if (ident[4] != 2 || ident[5] != 1)
                throw new InvalidDataException("expected a 64-bit little-endian ELF (EI_CLASS/EI_DATA at offset 4)");
            long shoff = (long)BitConverter.ToUInt64(ident, 0x28);
            int shentsize = BitConverter.ToUInt16(ident, 0x3A);
            int shnum = BitConverter.ToUInt16(ident, 0x3C);
            if (shoff <= 0 || shentsize < 64 || shnum == 0)
                throw new InvalidDataException("no section header table (e_shoff at offset 0x28)");

            for (int i = 0; i < shnum; i++)
            {
                var sh = Read(fs, shoff + (long)i * shentsize, 64);
                if (BitConverter.ToUInt32(sh, 4) != ShtGnuVerneed) continue;
                long secOff = (long)BitConverter.ToUInt64(sh, 0x18);
                int link = (int)BitConverter.ToUInt32(sh, 0x28);
                int count = (int)BitConverter.ToUInt32(sh, 0x2C);
                var strSh = Read(fs, shoff + (long)link * shentsize, 64);
                long strOff = (long)BitConverter.ToUInt64(strSh, 0x18);
                long strSize = (long)BitConverter.ToUInt64(strSh, 0x20);

                long need = secOff;
                for (int n = 0; n < count; n++)
                {
                    var vn = Read(fs, need, 16);
                    int cnt = BitConverter.ToUInt16(vn, 2);
                    long aux = need + BitConverter.ToUInt32(vn, 8);
                    for (int a = 0; a < cnt; a++)
                    {
                        var vna = Read(fs, aux, 16);
                        ushort flags = BitConverter.ToUInt16(vna, 4);
                        uint name = BitConverter.ToUInt32(vna, 8);
                        if (name < strSize && ReadCString(fs, strOff + name) == versionName)
                        {
                            if ((flags & VerFlgWeak) != 0) return "already weak";
                            var patched = BitConverter.GetBytes((ushort)(flags | VerFlgWeak));
                            fs.Position = aux + 4;
                            fs.Write(patched, 0, 2);
                            return "patched";
                        }
                        uint next = BitConverter.ToUInt32(vna, 12);
                        if (next == 0) break;
                        aux += next;
                    }
                    uint nextNeed = BitConverter.ToUInt32(vn, 12);
                    if (nextNeed == 0) break;
                    need += nextNeed;
                }
            }
            return "not required";
        }
    }

    private static byte[] Read(FileStream fs, long offset, int count)
    {
        var buffer = new byte[count];
        fs.Position = offset;
        int done = 0;
        while (done < count)
        {
            int got = fs.Read(buffer, done, count - done);
            if (got <= 0) throw new InvalidDataException("truncated ELF file at offset " + (offset + done));
            done += got;
        }
        return buffer;
    }

    private static string ReadCString(FileStream fs, long offset)
    {
        fs.Position = offset;
        var sb = new StringBuilder();
        int b;
        while ((b = fs.ReadByte()) > 0 && sb.Length < 256) sb.Append((char)b);
        return sb.ToString();
    }
}
