import NeuralEngine
import PropensitySamples

/// One part of a batch in flight: the activations of its forward pass, the scratch of its
/// backward pass and its own parameter gradients. Buffers grow to the largest part seen and
/// are reused, so the training loop does not allocate activations.
final class SequenceModelWorker: @unchecked Sendable {
    private(set) var layout = SequenceLayout(lengths: [])
    let input = FloatBuffer()  // [R, 54] embeddings and numbers
    let conv1Output = FloatBuffer()  // [R, 64] after ReLU
    let conv2Output = FloatBuffer()  // [R, 64] after ReLU
    let pooled = FloatBuffer()  // [R', 64]
    let lstmCache = LSTM.Cache()
    let finalHidden = FloatBuffer()  // [N, 64]
    let logits = FloatBuffer()  // [N]
    let dLogits = FloatBuffer()  // [N]
    let dFinalHidden = FloatBuffer()  // [N, 64]
    let dPooled = FloatBuffer()
    let dConv2 = FloatBuffer()
    let dConv1 = FloatBuffer()
    let dInput = FloatBuffer()
    let convScratch = FloatBuffer()
    let numbersInput = FloatBuffer()  // [R, 6] numbers alone (scoring by table lookups)
    let tableRows = ScratchBuffer<Int32>()  // [R, 3] rows of the lookup tables

    // MARK: - Forward

    /// Computes `logits` for `samples` (sorted by length, longest first); `training` keeps
    /// what ``backward(_:samples:model:lossScale:gradients:)`` needs (scores are the same).
    func forward(
        _ data: EncodedSequences, samples: [Int], model: SequenceModel, training: Bool = true
    ) {
        let maxLength = data.maxLength
        layout = SequenceLayout(
            lengths: samples.map { sample in
                let n = Int(data.lengths[sample])
                precondition(
                    n >= 0 && n <= maxLength, "sample \(sample): length \(n) of \(maxLength)")
                return n
            })
        let channels = model.stepChannels, n = samples.count
        let hidden = model.lstm.hiddenSize
        let lookup = training ? nil : model.conv1Lookup
        let x = input.reserve(layout.rowCount * channels)
        if lookup == nil {
            fillInput(data, samples: samples, model: model, into: x, channels: channels)
        }

        var lstmInput = UnsafePointer(x)
        var lstmLayout = layout
        if let conv1 = model.conv1, let conv2 = model.conv2 {
            let c = conv1.outputChannels
            let y1 = conv1Output.reserve(layout.rowCount * c)
            if let lookup {
                let numbers = numbersInput.reserve(layout.rowCount * EncodedSequences.numberCount)
                let rows = tableRows.reserve(layout.rowCount * EncodedSequences.levelCount)
                fillLookupInput(
                    data, samples: samples, bases: lookup.levelBases,
                    sizes: model.vocabularySizes, numbers: numbers, rows: rows)
                lookup.forward(
                    numbers: numbers, ids: rows, output: y1, layout: layout, rectify: true)
            } else {
                conv1.forward(input: x, output: y1, layout: layout, rectify: true)
            }
            let y2 = conv2Output.reserve(layout.rowCount * c)
            conv2.forward(input: y1, output: y2, layout: layout, rectify: true)
            lstmLayout = layout.pooled
            if !training {
                // Scoring: the pool writes the LSTM's time-major input directly.
                let layout = layout
                model.lstm.score(
                    layout: lstmLayout, finalHidden: finalHidden.reserve(n * hidden),
                    cache: lstmCache
                ) { x, starts in
                    MaxPool.forward(
                        input: y2, layout: layout, channels: c, output: x,
                        timeMajorStarts: starts)
                }
                model.out.forward(input: finalHidden.pointer, rows: n, output: logits.reserve(n))
                return
            }
            let p = pooled.reserve(lstmLayout.rowCount * c)
            // No argmax: the backward pass finds the winners again from conv2Output.
            MaxPool.forward(input: y2, layout: layout, channels: c, output: p)
            lstmInput = UnsafePointer(p)
        }
        let h = finalHidden.reserve(n * hidden)
        model.lstm.forward(
            input: lstmInput, layout: lstmLayout, finalHidden: h, cache: lstmCache,
            training: training)
        model.out.forward(input: h, rows: n, output: logits.reserve(n))
    }

    /// Writes the packed `[R, 54]` input: per valid step the three embeddings then the six
    /// numbers, zero separator rows.
    private func fillInput(
        _ data: EncodedSequences, samples: [Int], model: SequenceModel,
        into x: UnsafeMutablePointer<Float>, channels: Int
    ) {
        let maxLength = data.maxLength
        let levels = EncodedSequences.levelCount, numbers = EncodedSequences.numberCount
        let numberColumn = channels - numbers
        for r in layout.separatorRows { (x + r * channels).update(repeating: 0, count: channels) }
        data.categories.withUnsafeBufferPointer { categories in
            data.numbers.withUnsafeBufferPointer { values in
                for (slot, sample) in samples.enumerated() {
                    let n = layout.lengths[slot], row = layout.offsets[slot]
                    let firstStep = sample * maxLength + maxLength - n
                    for (level, embedding) in model.embeddings.enumerated() {
                        embedding.forward(
                            ids: categories.baseAddress! + firstStep * levels + level,
                            idStride: levels, rows: n,
                            output: x + row * channels + level * embedding.dimension,
                            ldo: channels)
                    }
                    for t in 0..<n {
                        (x + (row + t) * channels + numberColumn).update(
                            from: values.baseAddress! + (firstStep + t) * numbers,
                            count: numbers)
                    }
                }
            }
        }
    }

    /// Writes the numbers `[R, 6]` and the lookup-table rows `[R, 3]` (level base + id) of
    /// each valid step; separator rows get zero numbers and table row 0 (zeros).
    private func fillLookupInput(
        _ data: EncodedSequences, samples: [Int], bases: [Int], sizes: [Int],
        numbers x: UnsafeMutablePointer<Float>, rows ids: UnsafeMutablePointer<Int32>
    ) {
        let maxLength = data.maxLength
        let levels = EncodedSequences.levelCount, numbers = EncodedSequences.numberCount
        precondition(bases.count == levels, "lookup tables for \(bases.count) levels")
        for r in layout.separatorRows {
            (x + r * numbers).update(repeating: 0, count: numbers)
            (ids + r * levels).update(repeating: 0, count: levels)
        }
        let base0 = Int32(bases[0]), base1 = Int32(bases[1]), base2 = Int32(bases[2])
        data.categories.withUnsafeBufferPointer { categories in
            data.numbers.withUnsafeBufferPointer { values in
                for (slot, sample) in samples.enumerated() {
                    let n = layout.lengths[slot], row = layout.offsets[slot]
                    let firstStep = sample * maxLength + maxLength - n
                    (x + row * numbers).update(
                        from: values.baseAddress! + firstStep * numbers, count: n * numbers)
                    let source = categories.baseAddress! + firstStep * levels
                    let target = ids + row * levels
                    for t in 0..<n {
                        for level in 0..<levels {
                            let id = Int(source[t * levels + level])
                            precondition(
                                id >= 0 && id < sizes[level],
                                "level \(level): id \(id) outside vocabulary of \(sizes[level])")
                        }
                        target[t * levels] = base0 + source[t * levels]
                        target[t * levels + 1] = base1 + source[t * levels + 1]
                        target[t * levels + 2] = base2 + source[t * levels + 2]
                    }
                }
            }
        }
    }

    // MARK: - Backward

    /// Back-propagates the loss `lossScale * sum of BCE` of the last forward pass into
    /// `gradients` (one buffer per model parameter, overwritten) and returns the summed loss.
    func backward(
        _ data: EncodedSequences, samples: [Int], model: SequenceModel, lossScale: Float,
        gradients: [FloatBuffer]
    ) -> Double {
        for (buffer, parameter) in zip(gradients, model.parameters) {
            buffer.zeroed(parameter.count)
        }
        func gradient(_ parameter: Parameter) -> UnsafeMutablePointer<Float> {
            gradients[model.parameters.firstIndex { $0 === parameter }!].pointer
        }

        // Loss and dLoss/dlogit.
        let n = samples.count
        let z = logits.pointer, dz = dLogits.reserve(n)
        var total = 0.0
        for (slot, sample) in samples.enumerated() {
            let y = data.labels[sample]
            total += BinaryCrossEntropy.loss(logit: z[slot], label: y)
            dz[slot] = (BinaryCrossEntropy.sigmoid(z[slot]) - y) * lossScale
        }

        let h = model.lstm.hiddenSize
        let dh = dFinalHidden.reserve(n * h)
        model.out.backward(
            input: finalHidden.pointer, dOutput: dz, rows: n, dInput: dh,
            dWeight: gradient(model.out.weight), dBias: gradient(model.out.bias))

        let channels = model.stepChannels
        let dx = dInput.reserve(layout.rowCount * channels)
        if let conv1 = model.conv1, let conv2 = model.conv2 {
            let c = conv1.outputChannels
            let pooledLayout = layout.pooled
            let dp = dPooled.reserve(pooledLayout.rowCount * c)
            backwardLSTM(model, input: pooled.pointer, layout: pooledLayout, dh: dh, dInput: dp,
                         gradient: gradient)
            let dy2 = dConv2.reserve(layout.rowCount * c)
            MaxPool.backwardThroughReLU(
                dOutput: dp, input: conv2Output.pointer, layout: layout, channels: c,
                dInput: dy2)
            let dy1 = dConv1.reserve(layout.rowCount * c)
            conv2.backward(
                input: conv1Output.pointer, dOutput: dy2, dInput: dy1,
                dWeight: gradient(conv2.weight), dBias: gradient(conv2.bias), layout: layout,
                scratch: convScratch)
            ReLU.backward(output: conv1Output.pointer, gradient: dy1, count: layout.rowCount * c)
            // Only the embedding columns of dx have somewhere to go (the numbers are data).
            conv1.backward(
                input: input.pointer, dOutput: dy1, dInput: dx,
                dInputColumns: channels - EncodedSequences.numberCount,
                dWeight: gradient(conv1.weight), dBias: gradient(conv1.bias), layout: layout,
                scratch: convScratch)
        } else {
            backwardLSTM(model, input: input.pointer, layout: layout, dh: dh, dInput: dx,
                         gradient: gradient)
        }

        // Embeddings: each level's 16 columns of dx go back to its table.
        let maxLength = data.maxLength, levels = EncodedSequences.levelCount
        data.categories.withUnsafeBufferPointer { categories in
            for (slot, sample) in samples.enumerated() {
                let steps = layout.lengths[slot], row = layout.offsets[slot]
                let firstStep = sample * maxLength + maxLength - steps
                for (level, embedding) in model.embeddings.enumerated() {
                    embedding.backward(
                        ids: categories.baseAddress! + firstStep * levels + level,
                        idStride: levels, rows: steps,
                        dOutput: dx + row * channels + level * embedding.dimension,
                        ldd: channels, dWeight: gradient(embedding.weight))
                }
            }
        }
        return total
    }

    private func backwardLSTM(
        _ model: SequenceModel, input: UnsafePointer<Float>, layout: SequenceLayout,
        dh: UnsafePointer<Float>, dInput: UnsafeMutablePointer<Float>,
        gradient: (Parameter) -> UnsafeMutablePointer<Float>
    ) {
        let lstm = model.lstm
        lstm.backward(
            input: input, layout: layout, dFinalHidden: dh, cache: lstmCache, dInput: dInput,
            dWeightIH: gradient(lstm.weightIH), dWeightHH: gradient(lstm.weightHH),
            dBiasIH: gradient(lstm.biasIH), dBiasHH: gradient(lstm.biasHH))
    }
}
