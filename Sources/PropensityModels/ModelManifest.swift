import PropensitySamples

/// The JSON half of a saved model: everything but the weights that scoring a new history needs,
/// and what a reader needs to trust the model (its data, settings and version).
///
/// The weights live beside it in a safetensors file (`weightsFile`); `weightsChecksum` ties the
/// two together. Keys are camelCase; the file is written with sorted keys, so saving the same
/// model twice gives the same bytes.
public struct ModelManifest: Codable, Sendable, Equatable {
    /// The value of `format`.
    public static let formatName = "propensity-model"
    /// The layout version this build reads and writes. Bumped when a key changes meaning.
    public static let currentFormatVersion = 1

    /// The network: enough to build it again before its weights are loaded.
    public struct Architecture: Codable, Sendable, Equatable {
        public var kind: ModelKind
        /// `V` per category level, padding and unknown included.
        public var vocabularySizes: [Int]
        public var embeddingDimension: Int
        /// Channels of both convolutions (cnn-lstm only, recorded for either kind).
        public var convolutionChannels: Int
        /// LSTM hidden size `H`.
        public var hiddenSize: Int
        /// Channels per step entering the network: embeddings and numbers.
        public var stepChannels: Int
        /// Networks averaged into the score (one per training seed). With more than one, the
        /// weights file names each tensor `members.<k>.<name>`, as a PyTorch `ModuleList`
        /// would.
        public var members: Int

        /// The architecture of `model`, an ensemble of `members` such networks.
        public init(_ model: SequenceModel, members: Int = 1) {
            self.members = members
            kind = model.kind
            vocabularySizes = model.vocabularySizes
            embeddingDimension = SequenceModel.embeddingDimension
            convolutionChannels = SequenceModel.convolutionChannels
            hiddenSize = SequenceModel.hiddenSize
            stepChannels = model.stepChannels
        }
    }

    /// One tensor of the weights file.
    public struct Tensor: Codable, Sendable, Equatable {
        public var name: String
        public var shape: [Int]
        public var dtype: String
    }

    /// The target, with its values sorted so the file is the same on every run.
    public struct TargetEntry: Codable, Sendable, Equatable {
        public var name: String
        public var level: Int
        public var values: [String]

        public init(_ target: Target) {
            name = target.name
            level = target.level
            values = target.values.sorted()
        }

        public var target: Target { Target(name: name, level: level, values: Set(values)) }
    }

    /// `propensity-model`.
    public var format: String
    /// Layout version of this file (see `currentFormatVersion`).
    public var formatVersion: Int
    /// Version of the tool that trained and saved the model.
    public var toolVersion: String
    /// File name of the weights, in the same folder.
    public var weightsFile: String
    /// FNV-1a 64 of the weights file's bytes, 16 hex digits.
    public var weightsChecksum: String
    public var architecture: Architecture
    /// Every tensor of the weights file, in the model's parameter order.
    public var tensors: [Tensor]
    /// Vocabularies, numeric scaling and sequence length: turns histories into model input.
    public var encoder: SequenceEncoder
    /// Scores at or above this are predicted buyers (chosen to maximise F1 on validation).
    public var threshold: Float
    /// Score -> probability at the population's base rate.
    public var calibration: PriorCorrection
    public var target: TargetEntry
    /// Settings of the samples the model was trained on: lookback and eligibility apply to
    /// every history it scores.
    public var samples: SampleSettings
    public var training: TrainingSettings
    /// The training data's fingerprint.
    public var trainingData: DataFingerprint
    /// Best epoch and its validation AUC, when the model came from the training loop.
    public var bestEpoch: Int?
    public var validationAUC: Double?

    /// A manifest for `model` (the first of `members` networks averaged into the score);
    /// `weightsFile`, `weightsChecksum` and `tensors` are filled in on saving.
    public init(
        model: SequenceModel, members: Int = 1, encoder: SequenceEncoder, threshold: Float,
        calibration: PriorCorrection, target: Target, samples: SampleSettings,
        training: TrainingSettings, trainingData: DataFingerprint, toolVersion: String,
        bestEpoch: Int? = nil, validationAUC: Double? = nil
    ) {
        format = Self.formatName
        formatVersion = Self.currentFormatVersion
        self.toolVersion = toolVersion
        weightsFile = ""
        weightsChecksum = ""
        architecture = Architecture(model, members: members)
        tensors = model.parameters.map { Tensor(name: $0.name, shape: $0.shape, dtype: "F32") }
        self.encoder = encoder
        self.threshold = threshold
        self.calibration = calibration
        self.target = TargetEntry(target)
        self.samples = samples
        self.training = training
        self.trainingData = trainingData
        self.bestEpoch = bestEpoch
        self.validationAUC = validationAUC
    }

    /// Throws unless the file's format, version and architecture are ones this build can run.
    func validate(file: String) throws {
        guard format == Self.formatName else {
            throw ModelError(
                .malformedModel, "\(file): `format` is `\(format)`, expected `\(Self.formatName)`")
        }
        guard formatVersion == Self.currentFormatVersion else {
            throw ModelError(
                .version,
                "\(file) has format version \(formatVersion) (written by propensity "
                    + "\(toolVersion)); this build reads version \(Self.currentFormatVersion). "
                    + "Score with the version that trained it, or train the model again")
        }
        let a = architecture
        let expected: [(String, Int, Int)] = [
            ("embeddingDimension", a.embeddingDimension, SequenceModel.embeddingDimension),
            ("convolutionChannels", a.convolutionChannels, SequenceModel.convolutionChannels),
            ("hiddenSize", a.hiddenSize, SequenceModel.hiddenSize),
            ("vocabulary levels", a.vocabularySizes.count, EncodedSequences.levelCount),
        ]
        guard a.members >= 1 else {
            throw ModelError(.malformedModel, "\(file): architecture has \(a.members) members")
        }
        for (name, found, wanted) in expected where found != wanted {
            throw ModelError(
                .mismatch,
                "\(file): architecture has \(name) \(found); this build's models have \(wanted)")
        }
        guard encoder.vocabularySizes == a.vocabularySizes else {
            throw ModelError(
                .mismatch,
                "\(file): the encoder's vocabularies give sizes \(encoder.vocabularySizes), the "
                    + "architecture says \(a.vocabularySizes)")
        }
        try calibration.validate(file: file)
        do {
            try target.target.validate()
            try samples.validate()
        } catch {
            throw ModelError(.malformedModel, "\(file): \(error)")
        }
    }
}
