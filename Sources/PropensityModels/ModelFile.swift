import Foundation
import NeuralEngine
import PropensitySamples

/// A trained model on disk: `NAME.safetensors` (the weights, readable by PyTorch and Hugging
/// Face tools) beside `NAME.json` (the ``ModelManifest``).
///
/// Saving writes the weights first, then the manifest with the weights' checksum, each
/// atomically. Loading reads the manifest, checks format version and architecture, reads the
/// weights, checks the checksum and every tensor's name, shape and dtype, then restores a
/// ``SequenceModel`` whose scores are bit-identical to the saved one's.
public struct ModelFile: Sendable {
    /// The description half.
    public var manifest: ModelManifest
    /// The first network with its trained weights.
    public var model: SequenceModel { members[0] }
    /// Every network whose probabilities are averaged into the score (one per seed).
    public let members: [SequenceModel]

    /// The members once per scoring thread, the first being `members`; each scores one
    /// history at a time (see ``scores(_:in:chunkSize:)``).
    let replicas: [[SequenceModel]]

    /// Pairs a trained model with its description; scoring uses `model.threadCount` threads.
    public init(model: SequenceModel, manifest: ModelManifest) {
        self.init(members: [model], manifest: manifest)
    }

    /// Pairs trained networks (same kind and vocabularies, averaged into the score) with their
    /// description; scoring uses the first network's `threadCount` threads.
    public init(members: [SequenceModel], manifest: ModelManifest) {
        precondition(!members.isEmpty, "a model file needs at least one network")
        self.members = members
        self.manifest = manifest
        self.manifest.architecture.members = members.count
        let threads = max(members[0].threadCount, 1)
        replicas = [members] + (1..<threads).map { _ in
            members.map { model in
                let copy = SequenceModel(
                    kind: model.kind, vocabularySizes: model.vocabularySizes, seed: 0,
                    threadCount: 1)
                copy.restore(model.parameterSnapshot())
                return copy
            }
        }
    }

    /// The weights file's tensors: plain parameter names for one network, `members.<k>.`
    /// before them for several.
    func namedTensors() -> [NamedTensor] {
        guard members.count > 1 else { return model.parameterSnapshot() }
        return members.enumerated().flatMap { k, member in
            member.parameterSnapshot().map {
                NamedTensor(name: "members.\(k).\($0.name)", shape: $0.shape, values: $0.values)
            }
        }
    }

    /// The JSON and weights paths of a model named by `url`: `NAME`, `NAME.json` or
    /// `NAME.safetensors` all mean the pair `NAME.json` + `NAME.safetensors`.
    public static func paths(_ url: URL) -> (manifest: URL, weights: URL) {
        let base = ["json", "safetensors"].contains(url.pathExtension)
            ? url.deletingPathExtension() : url
        return (base.appendingPathExtension("json"), base.appendingPathExtension("safetensors"))
    }

    // MARK: - Saving

    /// Writes `NAME.safetensors` and `NAME.json` for the model named by `url` (see `paths`).
    ///
    /// - Returns: the two files written.
    /// - Throws: Foundation's error when a file cannot be written.
    @discardableResult
    public func save(to url: URL) throws -> (manifest: URL, weights: URL) {
        let (manifestURL, weightsURL) = Self.paths(url)
        let metadata = [
            "format": ModelManifest.formatName,
            "format_version": String(ModelManifest.currentFormatVersion),
            "model": manifest.architecture.kind.rawValue,
            "tool_version": manifest.toolVersion,
            "training_data_fnv1a64": manifest.trainingData.value,
        ]
        let tensors = namedTensors()
        let weights = SafeTensors.encode(tensors, metadata: metadata)
        try weights.write(to: weightsURL, options: .atomic)

        var written = manifest
        written.weightsFile = weightsURL.lastPathComponent
        written.weightsChecksum = Self.checksum(weights)
        written.tensors = tensors.map {
            ModelManifest.Tensor(name: $0.name, shape: $0.shape, dtype: "F32")
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(written).write(to: manifestURL, options: .atomic)
        return (manifestURL, weightsURL)
    }

    // MARK: - Loading

    /// Reads the model named by `url` (see `paths`) and checks it fits this build.
    ///
    /// - Parameter threadCount: threads the restored model scores with.
    /// - Throws: `ModelError`: `.unreadable` for a missing file, `.malformedModel` for a JSON
    ///   that is not a model description, `.version` for another format version,
    ///   `.malformedWeights` / `.unsupportedWeights` for a bad weights file, `.mismatch` when
    ///   weights and description disagree (checksum, tensor names, shapes, vocabularies).
    public static func load(_ url: URL, threadCount: Int = 1) throws -> ModelFile {
        let (manifestURL, _) = paths(url)
        let file = manifestURL.lastPathComponent
        let manifestData = try read(manifestURL, what: "model description")
        let manifest: ModelManifest
        do {
            manifest = try JSONDecoder().decode(ModelManifest.self, from: manifestData)
        } catch let error as DecodingError {
            let json = try? JSONSerialization.jsonObject(
                with: manifestData, options: [.fragmentsAllowed])
            throw ModelError(
                .malformedModel, "\(file) is not a propensity model description: "
                    + error.plainSummary(in: json) + "; pass the .json written by `propensity run`")
        }
        try manifest.validate(file: file)

        let weightsURL = manifestURL.deletingLastPathComponent()
            .appendingPathComponent(manifest.weightsFile)
        let weightsName = weightsURL.lastPathComponent
        let weights = try read(weightsURL, what: "weights")
        let checksum = Self.checksum(weights)
        guard checksum == manifest.weightsChecksum else {
            throw ModelError(
                .mismatch,
                "\(weightsName) has checksum \(checksum), \(file) expects "
                    + "\(manifest.weightsChecksum): the weights are not the ones this description "
                    + "was saved with; keep each .safetensors beside its own .json")
        }
        let tensors = try SafeTensors.decode(weights, file: weightsName).tensors

        let a = manifest.architecture
        let members = (0..<a.members).map { _ in
            SequenceModel(
                kind: a.kind, vocabularySizes: a.vocabularySizes, seed: 0,
                threadCount: threadCount)
        }
        guard members[0].stepChannels == a.stepChannels else {
            throw ModelError(
                .mismatch, "\(file): architecture has \(a.stepChannels) channels per step; "
                    + "this build's models have \(members[0].stepChannels)")
        }
        try restore(members, from: tensors, weightsName: weightsName)
        return ModelFile(members: members, manifest: manifest)
    }

    /// Loads `tensors` into `members`, requiring exactly their parameters' names (prefixed
    /// `members.<k>.` when there are several) and shapes.
    static func restore(
        _ members: [SequenceModel], from tensors: [NamedTensor], weightsName: String
    ) throws {
        var byName: [String: NamedTensor] = [:]
        for tensor in tensors { byName[tensor.name] = tensor }
        func prefix(_ k: Int) -> String { members.count > 1 ? "members.\(k)." : "" }
        let wanted = Set(members.indices.flatMap { k in
            members[k].parameters.map { prefix(k) + $0.name }
        })
        let extra = byName.keys.filter { !wanted.contains($0) }.sorted()
        let kind = members[0].kind.rawValue
        guard extra.isEmpty else {
            throw ModelError(
                .mismatch,
                "\(weightsName) holds tensors a \(kind) model of \(members.count) member(s) does "
                    + "not have: " + extra.joined(separator: ", "))
        }
        for (k, model) in members.enumerated() {
            var snapshot: [NamedTensor] = []
            for parameter in model.parameters {
                let name = prefix(k) + parameter.name
                guard let tensor = byName[name] else {
                    throw ModelError(
                        .mismatch, "\(weightsName) lacks tensor `\(name)` "
                            + "(shape \(parameter.shape)) of a \(kind) model")
                }
                guard tensor.shape == parameter.shape else {
                    throw ModelError(
                        .mismatch, "\(weightsName): tensor `\(name)` has shape "
                            + "\(tensor.shape), the model needs \(parameter.shape)")
                }
                snapshot.append(
                    NamedTensor(name: parameter.name, shape: tensor.shape, values: tensor.values))
            }
            model.restore(snapshot)
        }
    }

    // MARK: - Scoring

    /// Scores of `samples` (histories in `log`), in order.
    ///
    /// Each history is run through the network alone, so its score depends only on its events
    /// and the weights: not on which other histories share its batch, nor on the thread count
    /// (BLAS kernels may round differently for different matrix sizes; alone, the sizes are the
    /// history's own). That is what makes batch scoring and `score --stdin` agree to the bit.
    /// Measured on Complete Journey, one at a time costs nothing against batches of 256.
    /// Histories are encoded `chunkSize` at a time per thread, so memory stays bounded by the
    /// chunk (`chunkSize × L × 36` bytes, about 2.4 MB for 256 histories of `L` 256).
    public func scores(_ samples: [Sample], in log: EventLog, chunkSize: Int = 256) -> [Float] {
        precondition(chunkSize > 0, "chunk size \(chunkSize)")
        let chunkCount = (samples.count + chunkSize - 1) / chunkSize
        let threads = min(replicas.count, max(chunkCount, 1))
        var perThread = [[Float]](repeating: [], count: threads)
        perThread.withUnsafeMutableBufferPointer { outputs in
            let outputs = UncheckedPointer(outputs.baseAddress!)
            Parallel.forEach(threads, threads: threads) { t in
                var mine: [Float] = []
                for chunk in stride(from: t, to: chunkCount, by: threads) {
                    let lo = chunk * chunkSize, hi = min(lo + chunkSize, samples.count)
                    let encoded = manifest.encoder.encode(Array(samples[lo..<hi]), in: log)
                    mine += Self.mean(replicas[t].map { $0.probabilities(encoded, batchSize: 1) })
                }
                outputs.pointer[t] = mine
            }
        }
        // Thread t scored chunks t, t + T, ...: interleave them back into order.
        var result: [Float] = []
        result.reserveCapacity(samples.count)
        var next = [Int](repeating: 0, count: threads)
        for chunk in 0..<chunkCount {
            let t = chunk % threads
            let count = min(chunkSize, samples.count - chunk * chunkSize)
            result += perThread[t][next[t]..<next[t] + count]
            next[t] += count
        }
        return result
    }

    /// The members' mean probability per history, summed in Double (one member: itself).
    static func mean(_ perMember: [[Float]]) -> [Float] {
        guard perMember.count > 1 else { return perMember[0] }
        var sum = [Double](repeating: 0, count: perMember[0].count)
        for scores in perMember {
            for (k, p) in scores.enumerated() { sum[k] += Double(p) }
        }
        return sum.map { Float($0 / Double(perMember.count)) }
    }

    /// The calibrated probability of a score (see ``PriorCorrection``).
    public func probability(_ score: Float) -> Double {
        manifest.calibration.probability(score)
    }

    // MARK: - Helpers

    /// A pointer handed to the scoring threads, each writing only its own element.
    private struct UncheckedPointer<T>: @unchecked Sendable {
        let pointer: UnsafeMutablePointer<T>
        init(_ pointer: UnsafeMutablePointer<T>) { self.pointer = pointer }
    }

    /// FNV-1a 64 of `data`, 16 hex digits.
    static func checksum(_ data: Data) -> String {
        var hash = FNV1a64()
        data.withUnsafeBytes { hash.combine(bytes: $0) }
        return hash.hex
    }

    private static func read(_ url: URL, what: String) throws -> Data {
        do {
            return try Data(contentsOf: url)
        } catch {
            throw ModelError(
                .unreadable, "cannot read the model's \(what) at \(url.path): "
                    + "\(error.localizedDescription); save models with `propensity run`")
        }
    }
}
