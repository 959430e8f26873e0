// libtorch's random generator is process-global (torch.manual_seed): tests that seed it and build models must not
// run in parallel, or one test's weight initialisation consumes another's random numbers.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
