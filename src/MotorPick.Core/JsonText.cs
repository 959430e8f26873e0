using System.Text.Encodings.Web;
using System.Text.Json;

namespace MotorPick.Core;

/// <summary>JSON output settings for files people read: indented, and without escaping '+', '&lt;' or non-ASCII letters.</summary>
public static class JsonText
{
    public static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
