using MotorPick.Core;

namespace MotorPick.Cli.Commands.Predict;

/// <summary>
/// The default model that ships with MotorPick (models/default in the repository, copied beside the executable and into
/// the tool package), so <c>motorpick predict --data my_tomograms</c> works on a fresh install. It was trained on
/// randomised synthetic tomograms only; models/default/README.md is its model card.
/// </summary>
public static class ShippedModel
{
    public const string FileName = "model.onnx";

    /// <summary>Where the default model of this install lies (beside the executable).</summary>
    public static string PathIn(string baseDirectory) => System.IO.Path.Combine(baseDirectory, "models", "default", FileName);

    /// <summary>The default model's path, or an error saying the install lacks it and how to go on.</summary>
    public static string Locate(string? baseDirectory = null)
    {
        var path = PathIn(baseDirectory ?? AppContext.BaseDirectory);
        if (!File.Exists(path) || !File.Exists(path + ".json"))
            throw new MotorPickException($"this install has no default model ({FileName} and its card {FileName}.json are expected beside the executable); give a model with --model",
                path, field: "--model");
        return path;
    }

    /// <summary>What predict says when it falls back on the default model.</summary>
    public static string Notice(string path) =>
        $"no --model given: using the default model shipped with MotorPick ({path}). It was trained on randomised synthetic " +
        "tomograms only and never saw a real tomogram; see models/default/README.md for its data, recipe and benchmark, " +
        "and train your own (motorpick train) for real data.";
}
