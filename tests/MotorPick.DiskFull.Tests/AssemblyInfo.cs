// Each test mounts its own small filesystem and fills it; run them one at a time so that free-space figures and
// timings do not depend on what a neighbouring test is writing.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
