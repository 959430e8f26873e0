// The optimisation-check tests point the user cache (an environment variable) at their own folder: the other tests of
// this small project must not load models meanwhile.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
