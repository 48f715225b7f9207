import Foundation

/// Progress on stderr: one greppable line per step, and a live bar redrawn in place only when
/// stderr is a terminal (so logs and CI output stay clean).
final class ProgressReporter {
    private let isTerminal = isatty(STDERR_FILENO) != 0
    private var barShown = false
    let quiet: Bool

    init(quiet: Bool = false) { self.quiet = quiet }

    /// A whole line, replacing any bar on screen.
    func line(_ text: String) {
        guard !quiet else { return }
        clearBar()
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// A bar of `done` / `total`, drawn only on a terminal.
    func bar(_ label: String, done: Int, total: Int) {
        guard isTerminal, !quiet, total > 0 else { return }
        let width = 30
        let filled = width * done / total
        let bar = String(repeating: "#", count: filled)
            + String(repeating: ".", count: width - filled)
        FileHandle.standardError.write(Data("\r\(label) [\(bar)] \(done)/\(total)".utf8))
        barShown = true
    }

    private func clearBar() {
        guard barShown else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        barShown = false
    }
}
