/// The best and the median f of the latest generations (a ring of `capacity`), for CMA-ES's
/// tolfun, tolfunhist and tolstagnation tests; NaN is kept as +∞. Allocated once; the tests
/// allocate nothing (medians by selection in a scratch buffer).
struct CMAESHistory {
    /// The longest window any test reads (the stagnation test's 20000 generations).
    static let longest = 20000

    private var bests: [Double]
    private var medians: [Double]
    private var scratch: [Double]
    private var next = 0
    private(set) var count = 0

    init(capacity: Int) {
        bests = Array(repeating: 0, count: capacity)
        medians = Array(repeating: 0, count: capacity)
        scratch = Array(repeating: 0, count: capacity)
    }

    mutating func append(best: Double, median: Double) {
        bests[next] = best.isNaN ? .infinity : best
        medians[next] = median.isNaN ? .infinity : median
        next = (next + 1) % bests.count
        count = min(count + 1, bests.count)
    }

    /// Index in the ring of the entry `age` generations before the latest (age 0: the latest).
    private func index(age: Int) -> Int { (next - 1 - age + 2 * bests.count) % bests.count }

    /// max − min of the best f of the latest `last` generations (nil when fewer are kept).
    func bestSpan(last: Int) -> Double? {
        guard last <= count else { return nil }
        var low = Double.infinity, high = -Double.infinity
        for age in 0..<last {
            let v = bests[index(age: age)]
            low = min(low, v)
            high = max(high, v)
        }
        return high - low
    }

    /// Whether, over the latest `span` generations, the median of the latest 30% is no better
    /// than the median of the earliest 30%, for both the best and the median f (Hansen's
    /// tutorial, Appendix B.3, "Stagnation").
    mutating func stagnated(over span: Int) -> Bool {
        guard span <= count else { return false }
        let part = Int(0.3 * Double(span))
        guard part >= 1 else { return false }
        return median(of: \.bests, ages: 0..<part) >= median(of: \.bests, ages: (span - part)..<span)
            && median(of: \.medians, ages: 0..<part) >= median(of: \.medians, ages: (span - part)..<span)
    }

    /// The median (the mean of the two middle values for an even count) of the entries of the
    /// given ages.
    private mutating func median(of values: KeyPath<CMAESHistory, [Double]>, ages: Range<Int>) -> Double {
        let m = ages.count
        for (k, age) in ages.enumerated() { scratch[k] = self[keyPath: values][index(age: age)] }
        let upper = select(rank: m / 2, count: m)
        if m % 2 == 1 { return upper }
        // The lower middle value is the largest of those left below rank m/2.
        var lower = -Double.infinity
        for k in 0..<(m / 2) { lower = max(lower, scratch[k]) }
        return (lower + upper) / 2
    }

    /// The value of rank `rank` (0-based) among scratch[0..<count], by Hoare's selection; on
    /// return the entries before `rank` are not larger than it.
    private mutating func select(rank: Int, count: Int) -> Double {
        var low = 0, high = count - 1
        while low < high {
            let pivot = scratch[(low + high) / 2]
            var i = low, j = high
            while i <= j {
                while scratch[i] < pivot { i += 1 }
                while scratch[j] > pivot { j -= 1 }
                if i <= j {
                    scratch.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            if rank <= j { high = j } else if rank >= i { low = i } else { break }
        }
        return scratch[rank]
    }
}
