import Foundation
import PropensityData

/// `propensity bench sequences`: transactions and catalog to per-user, time-ordered sequences
/// with the categories joined, built in memory and timed inside the process, the way
/// `bench/sequences.py` times pyarrow + pandas and polars (each in its own warm process, best
/// of the repeats). The work is `propensity ingest`'s without the file: read, number the ids
/// and join the catalog, sort, group per user into an event store held in memory. Freeing
/// the previous repeat's store is timed too, as the Python peers' previous result is.
enum SequencesBench {
    static func run(_ arguments: Arguments) throws {
        guard arguments.positionals.count == 2 else {
            throw UsageError("bench sequences needs DIR or TRANSACTIONS,PRODUCTS")
        }
        let spec = arguments.positionals[1]
        let repeats = try arguments.integer("repeats") ?? 5
        guard repeats >= 1 else { throw UsageError("--repeats must be at least 1") }
        let transactions: URL, products: URL
        let parts = spec.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        switch parts.count {
        case 1:
            let directory = URL(fileURLWithPath: spec)
            transactions = try CompleteJourneyFiles.find("transactions", in: directory)
            products = try CompleteJourneyFiles.find("products", in: directory)
        case 2:
            transactions = URL(fileURLWithPath: parts[0])
            products = URL(fileURLWithPath: parts[1])
        default:
            throw UsageError("bench sequences takes DIR or TRANSACTIONS,PRODUCTS, got '\(spec)'")
        }
        IngestCommand.keepFreedMemory()
        var best = Double.infinity
        var store: EventStore?
        for r in 1...repeats {
            let start = DispatchTime.now().uptimeNanoseconds
            let cpuStart = BenchCommand.cpuSeconds()
            store = nil
            store = try Ingest.inMemory(transactions: transactions, catalog: products).store
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            let cpu = BenchCommand.cpuSeconds() - cpuStart
            best = min(best, seconds)
            print(String(format: "repeat %d seconds %.4f cpu_s %.4f", r, seconds, cpu))
        }
        print(String(
            format: "best_seconds %.4f events %d users %d peak_rss_mb %.1f", best,
            store!.eventCount, store!.userCount, BenchCommand.peakRSSMegabytes()))
    }
}
