using System.IO.Compression;
using System.Xml;
using MotorPick.Core;

namespace MotorPick.Curation.Cvat;

/// <summary>The tags of one image of a "CVAT for images 1.1" annotation file.</summary>
public sealed record CvatImageTags(string Name, IReadOnlyList<string> Labels);

/// <summary>
/// Reads "CVAT for images 1.1" XML (a bare annotations.xml, or an export ZIP whose every *.xml is read) the safe way:
/// no DTD (a document that declares one is refused), no external entities, a size limit. Only <c>&lt;image&gt;</c> and
/// their <c>&lt;tag&gt;</c> children matter; <c>&lt;meta&gt;</c> is ignored, as CVAT's own importer does. An archive is
/// bounded before anything is read (at most <see cref="MaxEntries"/> entries, <see cref="MaxUncompressedBytes"/> in
/// all, every entry name a plain relative path) and macOS's <c>__MACOSX/</c> resource entries are skipped.
/// </summary>
public static class CvatAnnotations
{
    /// <summary>Largest XML document accepted, in characters; also the most XML bytes read from one archive.</summary>
    public const long MaxCharacters = 256L * 1024 * 1024;

    /// <summary>Most entries an archive may have (a CVAT export of a review has an XML file and at most its images).</summary>
    public const int MaxEntries = 10_000;

    /// <summary>Most bytes the entries of an archive may hold uncompressed, as their headers declare.</summary>
    public const long MaxUncompressedBytes = 8L * 1024 * 1024 * 1024;

    /// <summary>The folder of resource forks that macOS's Finder adds to archives; never annotations.</summary>
    private const string MacOsFolder = "__MACOSX/";

    public static IReadOnlyList<CvatImageTags> Read(string path)
    {
        if (!File.Exists(path)) throw new MotorPickException("file not found", path);
        if (path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                return ReadZip(path);
            }
            catch (InvalidDataException ex)
            {
                // System.IO.Compression's error for a damaged archive or entry (bad central directory, corrupt deflate data).
                throw new MotorPickException($"not a readable ZIP archive: {ex.Message}", path, inner: ex);
            }
        }
        using var f = File.OpenRead(path);
        return Parse(f, path);
    }

    private static List<CvatImageTags> ReadZip(string path)
    {
        using var zip = ZipFile.OpenRead(path);
        var entries = zip.Entries;
        if (entries.Count > MaxEntries)
            throw new MotorPickException($"the ZIP has {entries.Count} entries, more than the {MaxEntries} accepted; a CVAT export of a review has an annotations.xml and at most its images", path);
        var declared = 0L;
        foreach (var e in entries)
        {
            // A directory entry ends with '/'; every other name must be a plain relative path.
            Identifiers.CheckRelativePath(e.FullName.EndsWith('/') ? e.FullName[..^1] : e.FullName, path, what: "ZIP entry name");
            declared += e.Length;
            if (declared > MaxUncompressedBytes)
                throw new MotorPickException($"the ZIP's entries hold more than {MaxUncompressedBytes} bytes uncompressed; refusing to read it", path);
        }
        var xmls = entries.Where(e => !e.FullName.StartsWith(MacOsFolder, StringComparison.Ordinal) && e.FullName.EndsWith(".xml", StringComparison.OrdinalIgnoreCase)).ToArray();
        if (xmls.Length == 0) throw new MotorPickException("the ZIP holds no .xml annotation file", path);
        var all = new List<CvatImageTags>();
        var budget = new ReadBudget(MaxCharacters, path);
        foreach (var e in xmls)
        {
            if (e.Length > MaxCharacters) throw new MotorPickException($"{e.FullName} is larger than {MaxCharacters} bytes", path);
            // Declared sizes can lie: the bytes actually inflated count against one budget for the whole archive.
            using var s = new BudgetStream(e.Open(), budget);
            all.AddRange(Parse(s, $"{path}!{e.FullName}"));
        }
        return all;
    }

    /// <summary>Bytes left to inflate from one archive.</summary>
    private sealed class ReadBudget(long bytes, string path)
    {
        public void Take(int n)
        {
            bytes -= n;
            if (bytes < 0) throw new MotorPickException($"the ZIP's XML entries inflate to more than {MaxCharacters} bytes; refusing to read further", path);
        }
    }

    /// <summary>A read-only pass-through that charges every byte read to a <see cref="ReadBudget"/>.</summary>
    private sealed class BudgetStream(Stream inner, ReadBudget budget) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = inner.Read(buffer, offset, count);
            budget.Take(n);
            return n;
        }

        public override int Read(Span<byte> buffer)
        {
            var n = inner.Read(buffer);
            budget.Take(n);
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }

    public static IReadOnlyList<CvatImageTags> Parse(Stream stream, string origin)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = MaxCharacters,
            MaxCharactersFromEntities = 1024,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
        };
        var result = new List<CvatImageTags>();
        try
        {
            using var reader = XmlReader.Create(stream, settings);
            if (!reader.ReadToFollowing("annotations")) throw new MotorPickException("no <annotations> root element: not a CVAT for images 1.1 file", origin);
            string? current = null;
            List<string>? labels = null;
            var depth = -1;
            while (reader.Read())
            {
                if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "image")
                {
                    current = reader.GetAttribute("name") ?? throw new MotorPickException($"an <image> has no name attribute (line {((IXmlLineInfo)reader).LineNumber})", origin);
                    labels = [];
                    depth = reader.Depth;
                    if (reader.IsEmptyElement) { result.Add(new CvatImageTags(current, labels)); current = null; }
                }
                else if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "tag" && current is not null)
                {
                    labels!.Add(reader.GetAttribute("label") ?? throw new MotorPickException($"a <tag> of {current} has no label attribute", origin));
                }
                else if (reader.NodeType == XmlNodeType.EndElement && reader.LocalName == "image" && current is not null && reader.Depth == depth)
                {
                    result.Add(new CvatImageTags(current, labels!));
                    current = null;
                }
            }
        }
        catch (XmlException ex) when (ex.Message.Contains("DTD", StringComparison.OrdinalIgnoreCase))
        {
            throw new MotorPickException("the document declares a DTD, which is refused for safety (CVAT never writes one)", origin, ex.LineNumber, inner: ex);
        }
        catch (XmlException ex)
        {
            throw new MotorPickException($"not well-formed XML: {ex.Message}", origin, ex.LineNumber, inner: ex);
        }
        return result;
    }
}
