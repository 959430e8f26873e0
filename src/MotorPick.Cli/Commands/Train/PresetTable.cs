using System.Globalization;
using MotorPick.Model.Nn;
using Spectre.Console;

namespace MotorPick.Cli.Commands.Train;

/// <summary>The model presets with encoder, sizes and parameter counts (<c>motorpick train --list-presets</c>).</summary>
internal static class PresetTable
{
    public static Table Build(int stride)
    {
        var t = new Table().AddColumns("preset", "encoder", "blocks", "widths", "in ch", "neck", "decoder", "parameters");
        foreach (var row in ModelPresets.Describe(stride))
        {
            var s = row.Spec;
            var encoder = s.Encoder switch
            {
                "resnet" => $"resnet ({s.Block}{(s.Groups > 1 ? $", {s.Groups}x{s.WidthPerGroup}d" : "")})",
                "convnext2.5d" => $"convnext 2.5D ({s.InChannels} slices per image)",
                var e => e,
            };
            t.AddRow(s.Preset, encoder,
                string.Join("-", s.Layers), string.Join("-", s.Widths), s.InChannels.ToString(CultureInfo.InvariantCulture),
                s.NeckChannels?.ToString(CultureInfo.InvariantCulture) ?? "raw", s.DecoderChannels.ToString(CultureInfo.InvariantCulture),
                row.Parameters.ToString("N0", CultureInfo.InvariantCulture));
        }
        return t;
    }
}
