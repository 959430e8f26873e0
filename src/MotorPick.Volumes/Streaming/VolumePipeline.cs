using System.Buffers;
using System.Collections.Concurrent;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using MotorPick.Core;
using MotorPick.Formats.Access;
using MotorPick.Formats.Geometry;
using MotorPick.Formats.Voxels;
using MotorPick.Volumes.Intensity;
using MotorPick.Volumes.Resampling;

namespace MotorPick.Volumes.Streaming;

/// <summary>
/// Streams a volume from an <see cref="IVolumeReader"/> to an <see cref="IVolumeWriter"/> z-slab by z-slab: load fix,
/// portal fix, percentile normalisation, separable re-spacing (X, then Y per input plane, then Z across the cached
/// resampled planes) and conversion to the writer's type (uint8 or float32). Only a few input planes and the resampled
/// planes the current output batch needs are ever in memory, so a 500x1912x1847 tomogram never exists as float32.
/// Percentiles and statistics need one or two extra reading passes first (<see cref="IntensityScanner"/>).
/// </summary>
public sealed class VolumePipeline
{
    private readonly IVolumeReader _source;
    private readonly VolumePipelineOptions _options;
    private readonly AxisPlan _z, _y, _x;

    public VolumePipeline(IVolumeReader source, VolumePipelineOptions options)
    {
        _source = source;
        _options = options;
        var shape = source.Shape;
        if (!shape.IsPositive) throw new MotorPickException($"cannot process a volume of shape {shape}", source.Source);
        SourceVoxelSize = options.SourceVoxelSize ?? source.VoxelSize;
        if (options.TargetVoxelSize is { } target)
        {
            if (!SourceVoxelSize.IsKnown)
                throw new MotorPickException("the voxel size is unknown; give it (e.g. --voxel-size) to re-space", source.Source);
            double T(double ori) => options.OnlyDownsample ? Math.Max(ori, target) : target;
            _z = AxisPlan.Create(options.Method, shape.Z, SourceVoxelSize.Z, T(SourceVoxelSize.Z));
            _y = AxisPlan.Create(options.Method, shape.Y, SourceVoxelSize.Y, T(SourceVoxelSize.Y));
            _x = AxisPlan.Create(options.Method, shape.X, SourceVoxelSize.X, T(SourceVoxelSize.X));
            OutputVoxelSize = new VoxelSize(T(SourceVoxelSize.Z), T(SourceVoxelSize.Y), T(SourceVoxelSize.X));
        }
        else
        {
            (_z, _y, _x) = (AxisPlan.Identity(shape.Z), AxisPlan.Identity(shape.Y), AxisPlan.Identity(shape.X));
            OutputVoxelSize = SourceVoxelSize;
        }
        OutputShape = new VolumeShape(_z.OutputSize, _y.OutputSize, _x.OutputSize);
    }

    public VoxelSize SourceVoxelSize { get; }
    public VolumeShape OutputShape { get; }
    public VoxelSize OutputVoxelSize { get; }

    /// <summary>True when at least one axis is resampled.</summary>
    public bool Resamples => !(_z.IsIdentity && _y.IsIdentity && _x.IsIdentity);

    /// <summary>The intensity scan, after <see cref="Prepare"/> or <see cref="Run"/> (null when none was needed).</summary>
    public IntensityProfile? Profile { get; private set; }

    /// <summary>The normalisation window actually used (lower, upper), when normalising.</summary>
    public (double Lower, double Upper)? Window { get; private set; }

    /// <summary>Runs the intensity scan the options need (percentiles, portal detection, histogram); idempotent.</summary>
    public IntensityProfile? Prepare()
    {
        if (Profile is not null) return Profile;
        var o = _options;
        if (o.Normalize is null && !o.PortalFixWhenDetected && !o.ComputeHistogram) return null;
        Profile = IntensityScanner.Scan(_source, new IntensityScanOptions
        {
            LoadFix = o.LoadFix,
            PortalFixWhenDetected = o.PortalFixWhenDetected,
            Percentiles = o.Normalize is { } w ? [w.LowerPercent, w.UpperPercent] : [],
            Histogram = o.ComputeHistogram,
            MaxDegreeOfParallelism = o.MaxDegreeOfParallelism,
            SlabVoxels = o.SlabVoxels,
        });
        if (o.Normalize is { } win) Window = (Profile.Percentile(win.LowerPercent), Profile.Percentile(win.UpperPercent));
        return Profile;
    }

    /// <summary>Streams the whole volume into <paramref name="writer"/> (shape <see cref="OutputShape"/>, uint8 or float32)
    /// and completes it. <paramref name="progress"/> receives the fraction of output planes written.</summary>
    public void Run(IVolumeWriter writer, IProgress<double>? progress = null, CancellationToken cancellation = default)
    {
        if (writer.Shape != OutputShape)
            throw new ArgumentException($"writer shape {writer.Shape} differs from the pipeline's output {OutputShape}", nameof(writer));
        if (writer.VoxelType is not (VoxelType.UInt8 or VoxelType.Float32))
            throw new MotorPickException($"the pipeline writes uint8 or float32, not {writer.VoxelType.NumpyName()}", writer.Path);
        Prepare();
        // a uint8 source with no pointwise step reaches the X pass as bytes (same floats, a quarter of the slab traffic)
        if (_source.VoxelType == VoxelType.UInt8 && !HasPointwiseSteps && !ForceFloatInput) new Engine<byte>(this, writer, progress, cancellation).Run();
        else new Engine<float>(this, writer, progress, cancellation).Run();
        writer.Complete();
    }

    /// <summary>Convenience: the whole output as an in-memory volume (must fit one array).</summary>
    public Volume<T> RunToVolume<T>(IProgress<double>? progress = null, CancellationToken cancellation = default) where T : unmanaged
    {
        var writer = new InMemoryVolumeWriter<T>(OutputShape, OutputVoxelSize);
        Run(writer, progress, cancellation);
        return writer.Result!;
    }

    /// <summary>Runs the pipeline into a <see cref="Volume{T}"/> held as one array per z plane, so that any size fits.</summary>
    public Volume<T> RunToPlanes<T>(IProgress<double>? progress = null, CancellationToken cancellation = default) where T : unmanaged
    {
        var writer = new InMemoryVolumeWriter<T>(OutputShape, OutputVoxelSize, asPlanes: true);
        Run(writer, progress, cancellation);
        return writer.Result!;
    }

    /// <summary>True when a load fix, the portal fix or a normalisation window changes values before re-spacing.</summary>
    private bool HasPointwiseSteps =>
        _options.LoadFix != QuantisationFix.None || Profile?.PercentileFix is QuantisationFix.PortalInt8AsUInt8 || Window is not null;

    /// <summary>Forces the float32 path for a uint8 source (tests hold the two paths to the same output).</summary>
    internal bool ForceFloatInput { get; init; }

    /// <summary>One run: the cache of XY-resampled input planes and the batch loop, reading the source as <typeparamref name="TIn"/>
    /// (float32, or uint8 when the source is uint8 and nothing changes its values before re-spacing).</summary>
    private sealed class Engine<TIn>(VolumePipeline p, IVolumeWriter writer, IProgress<double>? progress, CancellationToken ct) where TIn : unmanaged
    {
        private readonly Dictionary<int, float[]> _cache = [];
        private readonly ConcurrentBag<PlaneResampler> _resamplers = [];
        private readonly ConcurrentBag<float[]> _freePlanes = [];
        private readonly ParallelOptions _parallel = new() { MaxDegreeOfParallelism = p._options.MaxDegreeOfParallelism, CancellationToken = ct };
        private int _loaded; // input planes [0, _loaded) have been read (or skipped)
        private Task<(int Z0, int Count, TIn[] Buffer)>? _ahead; // the next run of needed planes, being read while this one is resampled
        private TIn[] _inA = [], _inB = []; // the two input slab buffers: one resampled while the other is read

        private VolumeShape In => p._source.Shape;
        private VolumeShape Out => p.OutputShape;

        public void Run()
        {
            var needed = new bool[In.Z];
            for (var k = 0; k < p._z.Index.Length; k++) needed[p._z.Index[k]] = true;
            var outPlane = (int)Out.SectionVoxels;
            var batch = (int)Math.Clamp(p._options.SlabVoxels / Math.Max(1, outPlane), 1, 64);
            var outFloat = ArrayPool<float>.Shared.Rent(batch * outPlane);
            var outBytes = writer.VoxelType == VoxelType.UInt8 ? ArrayPool<byte>.Shared.Rent(batch * outPlane) : null;
            // input slabs take the same bytes whatever their type: four times the planes of float32 as uint8
            var inSections = IntensityScanner.SlabSections(In, p._options.SlabVoxels * sizeof(float) / Unsafe.SizeOf<TIn>());
            _inA = ArrayPool<TIn>.Shared.Rent((int)(inSections * In.SectionVoxels));
            _inB = ArrayPool<TIn>.Shared.Rent((int)(inSections * In.SectionVoxels));
            try
            {
                for (var zo0 = 0; zo0 < Out.Z; zo0 += batch)
                {
                    ct.ThrowIfCancellationRequested();
                    var n = Math.Min(batch, Out.Z - zo0);
                    var first = p._z.FirstInput(zo0);
                    var last = 0;
                    for (var zo = zo0; zo < zo0 + n; zo++) last = Math.Max(last, p._z.LastInput(zo));
                    Evict(first);
                    Load(last, needed, inSections);
                    ResampleZ(zo0, n, outFloat, outPlane);
                    WriteBatch(n, outFloat, outBytes, outPlane);
                    progress?.Report((double)(zo0 + n) / Out.Z);
                }
            }
            finally
            {
                // a read still running writes into one of the buffers: wait for it before they go back to the pool
                try { _ahead?.Wait(CancellationToken.None); } catch (AggregateException) { }
                ArrayPool<float>.Shared.Return(outFloat);
                if (outBytes is not null) ArrayPool<byte>.Shared.Return(outBytes);
                ArrayPool<TIn>.Shared.Return(_inA);
                ArrayPool<TIn>.Shared.Return(_inB);
            }
        }

        private void Evict(int firstNeeded)
        {
            foreach (var z in _cache.Keys.Where(z => z < firstNeeded).ToList())
            {
                _freePlanes.Add(_cache[z]);
                _cache.Remove(z);
            }
        }

        /// <summary>Reads, transforms and XY-resamples every needed input plane up to at least <paramref name="last"/>, in runs
        /// of contiguous needed planes. While one run is resampled the next is read into the other buffer, so decoding (a JPEG
        /// stack) overlaps re-spacing. Only this method reads the source, and never twice at once.</summary>
        private void Load(int last, bool[] needed, int maxSections)
        {
            var plane = (int)In.SectionVoxels;
            while (_loaded <= last)
            {
                if (!needed[_loaded]) { _loaded++; continue; }
                int z0, count;
                TIn[] data;
                if (_ahead is { } ahead)
                {
                    _ahead = null;
                    (z0, count, data) = ahead.GetAwaiter().GetResult();
                    if (z0 != _loaded) throw new InvalidOperationException($"read ahead planes {z0}.. but plane {_loaded} is next");
                }
                else
                {
                    (z0, count, data) = (_loaded, Run(_loaded, needed, maxSections), _inA);
                    p._source.ReadSlab(z0, count, data.AsSpan(0, count * plane));
                }
                _loaded = z0 + count;
                var next = _loaded;
                while (next < In.Z && !needed[next]) next++;
                if (next < In.Z)
                {
                    // the other buffer's planes were resampled in the previous round: it is free
                    var other = ReferenceEquals(data, _inA) ? _inB : _inA;
                    var n = Run(next, needed, maxSections);
                    _ahead = Task.Run(() =>
                    {
                        p._source.ReadSlab(next, n, other.AsSpan(0, n * plane));
                        return (next, n, other);
                    }, ct);
                }
                var planes = new float[count][];
                for (var i = 0; i < count; i++) planes[i] = _freePlanes.TryTake(out var f) ? f : new float[Out.Y * Out.X];
                Parallel.For(0, count, _parallel, i =>
                {
                    var r = _resamplers.TryTake(out var rr) ? rr : new PlaneResampler(p._y, p._x);
                    if (typeof(TIn) == typeof(byte)) r.Resample(MemoryMarshal.Cast<TIn, byte>(data.AsSpan(i * plane, plane)), planes[i]);
                    else
                    {
                        var src = MemoryMarshal.Cast<TIn, float>(data.AsSpan(i * plane, plane));
                        Transform(src);
                        r.Resample(src, planes[i]);
                    }
                    _resamplers.Add(r);
                });
                for (var i = 0; i < count; i++) _cache[z0 + i] = planes[i];
            }
        }

        /// <summary>The length of the run of needed planes from <paramref name="z0"/> (at most <paramref name="maxSections"/>).</summary>
        private int Run(int z0, bool[] needed, int maxSections)
        {
            var count = 0;
            while (z0 + count < In.Z && count < maxSections && needed[z0 + count]) count++;
            return count;
        }

        /// <summary>The pointwise steps before resampling, in the reference's order.</summary>
        private void Transform(Span<float> values)
        {
            Quantisation.Apply(p._options.LoadFix, values);
            if (p.Profile?.PercentileFix is QuantisationFix.PortalInt8AsUInt8) Quantisation.Apply(QuantisationFix.PortalInt8AsUInt8, values);
            if (p.Window is { } w) ModelInput.Normalize(values, w.Lower, w.Upper);
        }

        private void ResampleZ(int zo0, int n, float[] outFloat, int outPlane)
        {
            var cache = _cache;
            Parallel.For(0, n, _parallel, i =>
            {
                var dst = outFloat.AsSpan(i * outPlane, outPlane);
                ResampleKernels.Lines(dst, p._z, zo0 + i, k => cache[k]);
            });
        }

        private void WriteBatch(int n, float[] outFloat, byte[]? outBytes, int outPlane)
        {
            if (outBytes is null)
            {
                writer.WriteSlab<float>(outFloat.AsSpan(0, n * outPlane));
                return;
            }
            var scale = p.Window is null ? 1f : 255f;
            var half = p._options.RoundToHalf;
            Parallel.For(0, n, _parallel, i =>
                UInt8Conversion.Convert(outFloat.AsSpan(i * outPlane, outPlane), outBytes.AsSpan(i * outPlane, outPlane), scale, half));
            writer.WriteSlab<byte>(outBytes.AsSpan(0, n * outPlane));
        }
    }
}
