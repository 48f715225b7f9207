import Foundation
import PropensityModels
import PropensitySamples

/// The loop behind `score --stdin`: JSON Lines in, one result line per input line out, in
/// order.
///
/// Lines are scored in batches of whatever is already waiting on stdin (at most
/// `maximumBatch`), so a pipe from Spark fills batches and an interactive caller gets each
/// answer as soon as its line arrives. Each batch's results are written with one `write` to
/// stdout before the next read: nothing is held back in a buffer.
struct StreamScorer {
    let scorer: HistoryScorer
    let asOf: LocalDate?
    var maximumBatch = 512

    /// Runs until end of input; returns how many lines could not be read.
    func run() throws -> Int {
        var reader = LineReader(fd: STDIN_FILENO)
        var lineNumber = 0
        var failed = 0
        while true {
            var lines: [[UInt8]] = []
            // Block for the first line, then take what is already there.
            guard let first = reader.nextLine(wait: true) else { break }
            lines.append(first)
            while lines.count < maximumBatch, let line = reader.nextLine(wait: false) {
                lines.append(line)
            }

            var outputs = [String?](repeating: nil, count: lines.count)
            var records: [HistoryRecord] = []
            var slots: [Int] = []
            for (k, line) in lines.enumerated() {
                lineNumber += 1
                if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) {
                    outputs[k] = ""  // blank: no output line
                    continue
                }
                do {
                    var record = try HistoryRecord(jsonLine: line, lineNumber: lineNumber)
                    if record.asOf == nil, asOf == nil {
                        throw ModelError(.badHistory, "line \(lineNumber): no `as_of` and no "
                                         + "--as-of")
                    }
                    record.asOf = record.asOf ?? asOf
                    records.append(record)
                    slots.append(k)
                } catch {
                    failed += 1
                    outputs[k] = Self.errorLine(user: Self.userField(line), error: error)
                }
            }
            do {
                let results = try scorer.score(records, asOf: asOf)
                for (slot, result) in zip(slots, results) { outputs[slot] = result.jsonLine() }
            } catch {
                // A record the batch could not take (e.g. an unknown product without a
                // catalog): score the batch's records one by one to pin it down.
                for (slot, record) in zip(slots, records) {
                    do {
                        outputs[slot] = try scorer.score([record], asOf: asOf)[0].jsonLine()
                    } catch {
                        failed += 1
                        outputs[slot] = Self.errorLine(user: "\(record.user)", error: error)
                    }
                }
            }
            var text = ""
            for output in outputs where output != "" { text += output! + "\n" }
            FileHandle.standardOutput.write(Data(text.utf8))
        }
        return failed
    }

    static func errorLine(user: String, error: Error) -> String {
        let message = (error as? ModelError)?.message ?? "\(error)"
        return "{\"user\":\(user),\"score\":null,\"probability\":null,\"status\":\"error\","
            + "\"error\":\(quoted(message))}"
    }

    /// The line's `user` as JSON text when it can be read, else `null`.
    static func userField(_ line: [UInt8]) -> String {
        (try? JSONValue.parse(line))?["user"]?.integer.map { "\($0)" } ?? "null"
    }

    static func quoted(_ text: String) -> String {
        let data = try? JSONSerialization.data(withJSONObject: [text], options: [])
        let array = data.map { String(decoding: $0, as: UTF8.self) } ?? "[\"?\"]"
        return String(array.dropFirst().dropLast())
    }
}

/// Reads lines from a file descriptor with `read(2)`, knowing what is buffered, so a caller
/// can take only the lines that are already there.
struct LineReader {
    let fd: Int32
    private var buffer: [UInt8] = []
    private var start = 0
    private var atEnd = false

    init(fd: Int32) { self.fd = fd }

    /// The next line without its `\n`; nil at end of input, or when `wait` is false and no
    /// whole line is buffered or readable without blocking. A last line without `\n` counts.
    mutating func nextLine(wait: Bool) -> [UInt8]? {
        while true {
            if let newline = buffer[start...].firstIndex(of: 0x0A) {
                let line = Array(buffer[start..<newline])
                start = newline + 1
                return line
            }
            if atEnd {
                guard start < buffer.count else { return nil }
                let line = Array(buffer[start...])
                start = buffer.count
                return line
            }
            if !wait && !readable() { return nil }
            fill()
        }
    }

    /// True when a `read` would not block.
    private func readable() -> Bool {
        var request = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&request, 1, 0) > 0
    }

    /// Reads what is there (blocking until something is) onto the end of the buffer.
    private mutating func fill() {
        // Drop consumed bytes only once they are most of the buffer: moving the tail on every
        // read would make long batches quadratic.
        if start > 0 && start >= buffer.count / 2 {
            buffer.removeFirst(start)
            start = 0
        }
        let chunk = 1 << 20
        let old = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: chunk))
        let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress! + old, chunk) }
        buffer.removeLast(chunk - max(n, 0))
        if n == 0 || (n < 0 && errno != EINTR) { atEnd = true }
    }
}
