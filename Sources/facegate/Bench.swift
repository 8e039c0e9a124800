import ArgumentParser

/// `facegate bench …`: measurements that compare facegate with a reference
/// measured in the same run. Never part of the test suite.
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure facegate against a reference run in the same process.",
        subcommands: [
            PipelineBench.self, MemoryBench.self, GalleryBench.self, MatchBench.self, EndToEndBench.self, CameraBench.self, FootageBench.self,
            PADBench.self, EstateBench.self,
        ])
}
