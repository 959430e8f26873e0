// libtorch's random generator is process-global (torch.manual_seed): tests that seed it and build models must not run in
// parallel, and the big presets would compete for the two cores anyway.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
