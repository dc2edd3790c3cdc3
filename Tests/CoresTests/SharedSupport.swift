// The helpers all test targets share (Tests/Support): the seeded generator, running tools, CI.
@_exported import TestSupport
