internal import CMatcherKernels

/// The decrypted templates of one snapshot, in memory that is page-aligned,
/// left out of core dumps and overwritten with zeros when released (R8):
/// the Float32 rows, their int8 codes with a scale per row, and each row's
/// quantisation error. Rows are padded to whole blocks of 16 with zeros.
///
/// Immutable after `init`, so it can be shared by concurrent searches.
final class SecureTemplates: @unchecked Sendable {
    // @unchecked: the memory is written only in init and read afterwards.
    static let dimension = 128

    let count: Int
    let paddedCount: Int
    let rows: UnsafeMutablePointer<Float>
    let codes: UnsafeMutablePointer<Int8>
    let scales: UnsafeMutablePointer<Float>
    /// ‖row − scale·codes‖ for each row.
    let residuals: UnsafeMutablePointer<Float>
    /// The largest residual: the int8 error bound uses it.
    let maxResidual: Float
    private let regions: [(UnsafeMutableRawPointer, Int)]

    /// Copies `values` (row after row, 128 each) into secure memory and quantises them.
    init(_ values: [[Float]]) throws(MatcherError) {
        count = values.count
        paddedCount = (count + 15) / 16 * 16
        var regions: [(UnsafeMutableRawPointer, Int)] = []
        func allocate(_ bytes: Int) throws(MatcherError) -> UnsafeMutableRawPointer {
            guard let memory = fg_secure_alloc(bytes) else {
                for (pointer, size) in regions { fg_secure_free(pointer, size) }
                throw MatcherError("out of memory for \(values.count) templates")
            }
            regions.append((memory, bytes))
            return memory
        }
        let d = Self.dimension
        rows = try allocate(paddedCount * d * 4).bindMemory(to: Float.self, capacity: paddedCount * d)
        codes = try allocate(paddedCount * d).bindMemory(to: Int8.self, capacity: paddedCount * d)
        scales = try allocate(paddedCount * 4).bindMemory(to: Float.self, capacity: paddedCount)
        residuals = try allocate(paddedCount * 4).bindMemory(to: Float.self, capacity: paddedCount)
        self.regions = regions
        var largest: Float = 0
        for (index, row) in values.enumerated() {
            let quantised = Quantized(row)
            for k in 0..<d {
                rows[index * d + k] = row[k]
                codes[index * d + k] = quantised.codes[k]
            }
            scales[index] = quantised.scale
            residuals[index] = quantised.residual
            largest = max(largest, quantised.residual)
        }
        maxResidual = largest
    }

    deinit {
        for (pointer, size) in regions { fg_secure_free(pointer, size) }
    }

    func row(_ index: Int) -> UnsafePointer<Float> { UnsafePointer(rows + index * Self.dimension) }
}

/// A vector as int8 codes in [-127, 127] times one scale, and how far that
/// is from the original (Euclidean norm of the difference, rounded up).
struct Quantized {
    let codes: [Int8]
    let scale: Float
    let residual: Float

    init(_ values: [Float]) {
        let largest = values.reduce(0) { max($0, abs($1)) }
        let scale = largest > 0 ? largest / 127 : 1
        codes = values.map { Int8(max(-127, min(127, ($0 / scale).rounded()))) }
        self.scale = scale
        let error = zip(values, codes).reduce(0.0) { sum, pair in
            let difference = Double(pair.0) - Double(scale) * Double(pair.1)
            return sum + difference * difference
        }
        residual = Float(error.squareRoot()).nextUp
    }
}
