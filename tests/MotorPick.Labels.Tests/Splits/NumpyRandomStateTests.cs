using MotorPick.Labels.Splits;

namespace MotorPick.Labels.Tests.Splits;

public class NumpyRandomStateTests
{
    [Fact]
    public void Seed_42_gives_numpys_first_random_sample()
    {
        // np.random.RandomState(42).random_sample() == 0.3745401188473625 (53-bit double from two draws).
        var rng = new NumpyRandomState(42);
        double a = rng.NextUInt32() >> 5, b = rng.NextUInt32() >> 6;
        Assert.Equal(0.3745401188473625, (a * 67108864.0 + b) / 9007199254740992.0);
    }

    [Fact]
    public void Seed_5489_gives_the_reference_mt19937_output()
    {
        // The MT19937 reference implementation's first output for init_genrand(5489).
        Assert.Equal(3499211612u, new NumpyRandomState(5489).NextUInt32());
    }

    [Fact]
    public void Shuffle_of_arange_10_matches_numpy()
    {
        // np.random.RandomState(42).shuffle(a) on a = np.arange(10) gives [8, 1, 5, 0, 7, 2, 9, 4, 3, 6].
        var a = Enumerable.Range(0, 10).ToList();
        new NumpyRandomState(42).Shuffle(a);
        Assert.Equal([8, 1, 5, 0, 7, 2, 9, 4, 3, 6], a);
    }
}
