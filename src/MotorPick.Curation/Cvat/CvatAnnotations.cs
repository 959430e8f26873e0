using System.IO.Compression;
using System.Xml;
using MotorPick.Core;

namespace MotorPick.Curation.Cvat;

/// <summary>The tags of one image of a "CVAT for images 1.1" annotation file.</summary>
public sealed record CvatImageTags(string Name, IReadOnlyList<string> Labels);

/// <summary>
/// Reads "CVAT for images 1.1" XML (a bare annotations.xml, or an export ZIP whose every *.xml is read) the safe way:
/// no DTD (a document that declares one is refused), no external entities, a size limit. Only <c>&lt;image&gt;</c> and
/// their <c>&lt;tag&gt;</c> children matter; <c>&lt;meta&gt;</c> is ignored, as CVAT's own importer does.
/// </summary>
public static class CvatAnnotations
{
    /// <summary>Largest XML document accepted, in characters.</summary>
    public const long MaxCharacters = 256L * 1024 * 1024;

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
        var xmls = zip.Entries.Where(e => e.FullName.EndsWith(".xml", StringComparison.OrdinalIgnoreCase)).ToArray();
        if (xmls.Length == 0) throw new MotorPickException("the ZIP holds no .xml annotation file", path);
        var all = new List<CvatImageTags>();
        foreach (var e in xmls)
        {
            if (e.Length > MaxCharacters) throw new MotorPickException($"{e.FullName} is larger than {MaxCharacters} bytes", path);
            using var s = e.Open();
            all.AddRange(Parse(s, $"{path}!{e.FullName}"));
        }
        return all;
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
