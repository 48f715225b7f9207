import Foundation
import NeuralEngine
import PropensityData
import PropensitySamples
import Testing

@testable import PropensityModels

@Suite struct ModelFileTests {
    @Test(arguments: ModelKind.allCases)
    func savedAndReloadedModelScoresBitIdentically(kind: ModelKind) throws {
        let small = try SmallModel(kind: kind)
        let folder = try temporaryFolder()
        let written = try small.file.save(to: folder.appendingPathComponent("m"))
        #expect(written.manifest.lastPathComponent == "m.json")
        #expect(written.weights.lastPathComponent == "m.safetensors")

        for name in ["m", "m.json", "m.safetensors"] {
            let loaded = try ModelFile.load(folder.appendingPathComponent(name))
            #expect(loaded.manifest.encoder == small.file.manifest.encoder)
            #expect(loaded.manifest.target == small.file.manifest.target)
            #expect(loaded.manifest.samples == small.file.manifest.samples)
            #expect(loaded.manifest.calibration == small.file.manifest.calibration)
            #expect(loaded.manifest.threshold == 0.5)
            #expect(loaded.manifest.architecture.kind == kind)
            for (a, b) in zip(loaded.model.parameters, small.file.model.parameters) {
                #expect(a.name == b.name && a.shape == b.shape)
                #expect(a.value.map(\.bitPattern) == b.value.map(\.bitPattern), "\(a.name)")
            }
            let samples = try small.population
            #expect(samples.count > 20)
            let before = small.file.scores(samples, in: small.log)
            let after = loaded.scores(samples, in: small.log)
            #expect(before.map(\.bitPattern) == after.map(\.bitPattern))
        }
    }

    @Test func anEnsembleSavesEveryMemberAndScoresTheirMean() throws {
        let small = try SmallModel()
        let second = SequenceModel(
            kind: .cnnLSTM, vocabularySizes: small.file.model.vocabularySizes, seed: 9)
        let ensemble = ModelFile(
            members: [small.file.model, second], manifest: small.file.manifest)
        let folder = try temporaryFolder()
        let paths = try ensemble.save(to: folder.appendingPathComponent("e"))
        let loaded = try ModelFile.load(paths.manifest, threadCount: 2)
        #expect(loaded.members.count == 2)
        #expect(loaded.manifest.architecture.members == 2)
        #expect(loaded.manifest.tensors.first?.name == "members.0.embeddings.0.weight")

        let samples = try small.population
        let one = small.file.scores(samples, in: small.log)
        let two = ModelFile(model: second, manifest: small.file.manifest)
            .scores(samples, in: small.log)
        let mean = zip(one, two).map { Float((Double($0) + Double($1)) / 2) }
        #expect(loaded.scores(samples, in: small.log).map(\.bitPattern) == mean.map(\.bitPattern))
        #expect(ensemble.scores(samples, in: small.log).map(\.bitPattern)
                == mean.map(\.bitPattern))
    }

    @Test func savingTwiceWritesTheSameBytes() throws {
        let small = try SmallModel()
        let folder = try temporaryFolder()
        let first = try small.file.save(to: folder.appendingPathComponent("a"))
        let second = try ModelFile.load(first.manifest)
            .save(to: folder.appendingPathComponent("b"))
        #expect(try Data(contentsOf: first.weights) == Data(contentsOf: second.weights))
        let a = try String(contentsOf: first.manifest, encoding: .utf8)
        let b = try String(contentsOf: second.manifest, encoding: .utf8)
        #expect(a == b.replacingOccurrences(of: "b.safetensors", with: "a.safetensors"))
    }

    @Test func scoresDoNotDependOnThreadsOrChunks() throws {
        let one = try SmallModel(threads: 1)
        let two = try SmallModel(threads: 2)
        let samples = try one.population
        let reference = one.file.scores(samples, in: one.log)
        for chunk in [1, 7, 256] {
            let scores = two.file.scores(samples, in: two.log, chunkSize: chunk)
            #expect(scores.map(\.bitPattern) == reference.map(\.bitPattern), "chunk \(chunk)")
        }
    }

    // MARK: - Loading checks

    /// Saves the small model, lets `edit` change the JSON object, and returns the load error.
    func loadError(
        editing edit: (inout [String: Any]) -> Void = { _ in },
        weights: ((URL) throws -> Void)? = nil
    ) throws -> ModelError? {
        let small = try SmallModel()
        let folder = try temporaryFolder()
        let paths = try small.file.save(to: folder.appendingPathComponent("m"))
        var object = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: paths.manifest))
                as? [String: Any])
        edit(&object)
        try JSONSerialization.data(withJSONObject: object).write(to: paths.manifest)
        try weights?(paths.weights)
        do {
            _ = try ModelFile.load(paths.manifest)
            return nil
        } catch let error as ModelError {
            return error
        }
    }

    @Test func anotherFormatVersionIsRefusedWithTheVersions() throws {
        let error = try #require(try loadError { $0["formatVersion"] = 2 })
        #expect(error.code == .version)
        #expect(error.message.contains("format version 2"))
        #expect(error.message.contains("reads version 1"))
    }

    @Test func aMissingKeyIsNamed() throws {
        let error = try #require(try loadError { $0["threshold"] = nil })
        #expect(error.code == .malformedModel)
        #expect(error.message.contains("threshold"), "\(error.message)")
    }

    @Test func foreignWeightsFailTheChecksum() throws {
        let other = try SmallModel(kind: .lstm)
        let error = try #require(try loadError(weights: { url in
            try SafeTensors.encode(other.file.model.parameterSnapshot()).write(to: url)
        }))
        #expect(error.code == .mismatch)
        #expect(error.message.contains("checksum"))
    }

    /// Rewrites the weights with `tensors` and the JSON's checksum to match them.
    func loadError(withTensors tensors: [NamedTensor]) throws -> ModelError? {
        let data = SafeTensors.encode(tensors)
        return try loadError(
            editing: { $0["weightsChecksum"] = ModelFile.checksum(data) },
            weights: { try data.write(to: $0) })
    }

    @Test func aTensorOfTheWrongShapeIsNamed() throws {
        var tensors = try SmallModel().file.model.parameterSnapshot()
        tensors[0] = NamedTensor(
            name: tensors[0].name, shape: [tensors[0].shape[0] - 1, 16],
            values: Array(tensors[0].values.dropLast(16)))
        let error = try #require(try loadError(withTensors: tensors))
        #expect(error.code == .mismatch)
        #expect(error.message.contains("`embeddings.0.weight` has shape"), "\(error.message)")
    }

    @Test func missingAndExtraTensorsAreNamed() throws {
        let tensors = try SmallModel().file.model.parameterSnapshot()
        let missing = try #require(try loadError(withTensors: tensors.filter {
            $0.name != "lstm.bias_hh_l0"
        }))
        #expect(missing.message.contains("lacks tensor `lstm.bias_hh_l0`"), "\(missing.message)")
        let extra = try #require(try loadError(withTensors: tensors + [
            NamedTensor(name: "head.weight", shape: [1], values: [0]),
        ]))
        #expect(extra.message.contains("head.weight"), "\(extra.message)")
    }

    @Test func aMissingFileIsUnreadable() throws {
        let folder = try temporaryFolder()
        do {
            _ = try ModelFile.load(folder.appendingPathComponent("none.json"))
            Issue.record("loaded a model that does not exist")
        } catch let error as ModelError {
            #expect(error.code == .unreadable)
            #expect(error.message.contains("none.json"))
        }
    }

    // MARK: - Calibration and fingerprints

    @Test func priorCorrectionMatchesHandComputedOdds() {
        let c = PriorCorrection(trainingPositiveRate: 0.5, baseRate: 0.2, baseRateSource: "")
        // odds(p) = odds(s) * (0.2 / 0.8) / 1
        #expect(abs(c.probability(0.5) - 0.2) < 1e-15)
        #expect(abs(c.probability(0.8) - 0.5) < 1e-7)  // odds 4 * 0.25 = 1
        #expect(abs(c.probability(0.2) - 1.0 / 17.0) < 1e-7)  // odds 0.25 * 0.25
        #expect(c.probability(0) == 0 && c.probability(1) == 1)
        #expect(PriorCorrection.identity.probability(0.3) == Double(Float(0.3)))
    }

    @Test func fnv1a64MatchesPublishedVectors() {
        var empty = FNV1a64()
        #expect(empty.hex == "cbf29ce484222325")
        empty.combine(bytes: Array("a".utf8))
        #expect(empty.hex == "af63dc4c8601ec8c")
        var foobar = FNV1a64()
        foobar.combine(bytes: Array("foobar".utf8))
        #expect(foobar.hex == "85944171f73967e8")
    }

    @Test func fingerprintFollowsTheEventsNotTheRowOrder() throws {
        let data = PlantedPatternLog(users: 20, seed: 2)
        let log = try EventLog(transactions: data.transactions, catalog: data.catalog)
        let base = DataFingerprint(of: log)
        #expect(base.events == log.count && base.users == 20)

        // User 1's rows moved to the end (their own order kept, since equal keys sort by
        // row): the same sorted log, the same fingerprint.
        let t = data.transactions
        let rows = t.user.indices.filter { t.user[$0] != 1 } + t.user.indices.filter {
            t.user[$0] == 1
        }
        let moved = TransactionTable(
            user: rows.map { t.user[$0] }, time: rows.map { t.time[$0] },
            basket: rows.map { t.basket[$0] }, product: rows.map { t.product[$0] },
            store: rows.map { t.store[$0] }, quantity: rows.map { t.quantity[$0] },
            amount: rows.map { t.amount[$0] }, discount: rows.map { t.discount[$0] })
        let same = try EventLog(transactions: moved, catalog: data.catalog)
        #expect(DataFingerprint(of: same) == base)

        var changed = data.transactions
        changed.amount[5] += 0.01
        let other = try EventLog(transactions: changed, catalog: data.catalog)
        #expect(DataFingerprint(of: other).value != base.value)
    }
}
