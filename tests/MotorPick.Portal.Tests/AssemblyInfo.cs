// The kill-and-resume tests count requests per file and cancel at a fraction of the transfer; other tests' servers
// and downloads competing for the two cores make those timings flaky, so this assembly runs its tests one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
